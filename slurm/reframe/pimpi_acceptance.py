"""pimpi's acceptance check for ReFrame: each node after maintenance against
what healthy nodes of its CPU model counted. See docs/acceptance.md.

    reframe -C your_site_config.py -c slurm/reframe/pimpi_acceptance.py -r \\
        --distribute=all -S reference_file=/path/to/reference.json

ReFrame's own way to spread a check over every node of a partition,
--distribute (=all, =idle, or another node state), makes one test case per
node, pinned there: one rank with a thread on each core (pimpi --threads
auto), on the whole node (exclusive), counting for about `seconds` (pimpi
--duration: the count comes from the node's own measured rate, so a 128-core
node counts as long as a 2-core one). The reference is a pimpi --format json report of a
healthy run or the file `make bench` writes (pimpi --reference).

Sanity: one rank ran, and the reference has this node's CPU model and kernel
(a node it cannot vouch for fails, and says so). Performance: the node's rate
per core over its reference's (`reference_ratio`), bounded below by
`reference_fraction` (0.9, pimpi's default), with its rate per core, clock
and cycles per throw beside it. A node below fails in the performance stage,
as pimpi would name it; `reframe ... | grep FAILED` lists the nodes to drain.
"""
import json
import os

import reframe as rfm
import reframe.utility.sanity as sn
from reframe.core.builtins import performance_function, run_before, sanity_function, variable
from reframe.core.exceptions import SanityError


@rfm.simple_test
class PimpiAcceptanceCheck(rfm.RunOnlyRegressionTest):
    descr = "pimpi: a node's rate per core against healthy nodes of its CPU model"
    valid_systems = ["+mpi"]
    valid_prog_environs = ["+mpi"]
    maintainers = ["pimpi"]
    tags = {"mpi", "acceptance", "maintenance"}
    exclusive_access = True
    use_multithreading = False
    num_tasks = 1
    num_tasks_per_node = 1
    time_limit = "10m"

    #: The pimpi to run: on PATH after `make install`, or a path (-S executable=...).
    executable = "pimpi"
    #: The healthy run to compare with (required): -S reference_file=FILE.
    reference_file = variable(str, type(None), value=None)
    #: Seconds each node counts (pimpi --duration).
    seconds = variable(float, value=5.0)
    #: Below this fraction of its reference a node fails (pimpi's default).
    reference_fraction = variable(float, value=0.9)
    #: Cores per node, where the partition's processor is not known to ReFrame.
    cores_per_node = variable(int, type(None), value=None)

    reference = {
        "*": {
            "reference_ratio": (1.0, None, None, ""),
            "throws_per_second_per_core": (0, None, None, "throws/s"),
            "clock_ghz": (0, None, None, "GHz"),
            "cycles_per_throw": (0, None, None, "cycles"),
        },
    }

    @run_before("run")
    def set_job(self):
        self.skip_if(self.reference_file is None, "no reference: -S reference_file=FILE (see docs/acceptance.md)")
        processor = self.current_partition.processor
        cores = self.cores_per_node or processor.num_cores
        self.skip_if(not cores, "no processor topology for this partition: configure it, or -S cores_per_node=N")
        self.num_cpus_per_task = processor.num_cpus or cores
        self.executable_opts = ["--duration", str(self.seconds), "--threads", "auto", "--reference", self.reference_file,
                                "--reference-fraction", str(self.reference_fraction), "--no-serial",
                                "--format", "json"]

    @run_before("performance")
    def bound_ratio(self):
        self.reference[f"{self.current_partition.fullname}:reference_ratio"] = (
            1.0, round(self.reference_fraction - 1, 6), None, "")

    def report(self):
        with open(os.path.join(self.stagedir, sn.evaluate(self.stdout))) as stream:
            try:
                return json.load(stream)
            except ValueError:
                raise SanityError("pimpi wrote no JSON report: its one error line is in the job's stderr") from None

    def node(self):
        return self.report()["nodes"][0]

    @sanity_function
    def validate(self):
        report = self.report()
        node = report["nodes"][0]
        return sn.all([
            sn.assert_eq(report["context"]["ranks"], 1, msg="pimpi ran {0} ranks, not 1"),
            sn.assert_true(node["reference_missing"] is None,
                           msg=f"{node['host']}: {node['reference_missing']} in {self.reference_file}"),
        ])

    @performance_function("")
    def reference_ratio(self):
        return self.node()["reference_ratio"]

    @performance_function("throws/s")
    def throws_per_second_per_core(self):
        return self.node()["throws_per_second_per_core"]

    @performance_function("GHz")
    def clock_ghz(self):
        clock = self.node()["clock_hz"]
        return clock / 1e9 if clock else 0

    @performance_function("cycles")
    def cycles_per_throw(self):
        return self.node()["cycles_per_throw"] or 0
