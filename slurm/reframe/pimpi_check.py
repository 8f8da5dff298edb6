"""A ReFrame check for pimpi: a node check of the MPI stack and the Slurm
allocation, with performance variables a site gives references for. See
docs/reframe.md.

    reframe -C your_site_config.py -c slurm/reframe/pimpi_check.py -r
    reframe ... -S num_nodes=4 -S seconds=10 -S repeat=5
    reframe ... -S throws=1e11                  # a fixed count instead
    reframe ... -S executable=/path/to/pimpi

It runs on partitions and environments with the feature `mpi`, on whole
nodes (exclusive), one task per core (no multithreading): as many tasks per
node as the partition's processor has cores, from the topology ReFrame
detects (`remote_detect`) or the site configures; `-S tasks_per_node=N` sets
it where neither is known.

By default every rank counts for `seconds` (pimpi --duration, sized from
the ranks' own measured rates, so a 128-core node counts as long as a 2-core
one), in a weak sweep: rank 0 alone, then all ranks, each counting that
long (pimpi --sweep weak:1,N). The efficiency is the full row's against
rank 0 alone, which costs one more `seconds`, where a serial rerun of all
the throws would cost as many as there are ranks. With `throws` set, the
job counts that many in all, and the efficiency is against rank 0's serial
rerun of them, as before pimpi had --duration.

Correctness and speed are kept apart, as in ReFrame's own test library.
Sanity (a wrong answer or a wrong allocation), from pimpi's JSON report (the
full row's, in a sweep): the run had the ranks asked for; it counted exactly
the hits known for its seed and throw count (pimpi's count is the same on
every CPU, rank count and kernel), or, for a count not in the table, pimpi's
own check held (a sweep's rows, or the serial rerun, counted the same hits
on the same throws: pimpi exits non-zero without a report otherwise); and
the placement check (docs/placement.md) found no allocation error.
Performance (a slow answer): throws per second per core, parallel
efficiency, the slowest rank's rate over the median's (a straggler), the
cores left idle and the repetitions' spread; a site bounds them with
references. Where it gives a partition no reference for the rate per core,
the check takes its CPU's from docs/performance.md (`rate_by_cpu`, by
vendor, family and model) and fails below 80 % of it
(`-S cpu_reference_fraction=F`; 0: no such reference). pimpi times the parallel count `repeat` times in the one launch
and computes its figures from the median repetition, so one noisy sample
moves no variable. A busy node is slow, not broken, so it fails only a
reference.
"""
import json
import os
import re

import reframe as rfm
import reframe.utility.sanity as sn
from reframe.core.builtins import performance_function, run_before, sanity_function, variable
from reframe.core.exceptions import SanityError


@rfm.simple_test
class PimpiCheck(rfm.RunOnlyRegressionTest):
    descr = "pimpi: Monte Carlo pi over MPI on whole nodes, its placement and its throughput per core"
    valid_systems = ["+mpi"]
    valid_prog_environs = ["+mpi"]
    maintainers = ["pimpi"]
    tags = {"mpi", "placement", "benchmark"}
    # Whole nodes, one task per core: what a node check measures, with
    # nothing else on the cores (pimpi's kernel gains nothing from a core's
    # second hardware thread).
    exclusive_access = True
    use_multithreading = False
    num_cpus_per_task = 1
    time_limit = "10m"

    #: The pimpi to run: on PATH after `make install`, or a path (-S executable=...).
    executable = "pimpi"
    #: Nodes to run on.
    num_nodes = variable(int, value=1)
    #: Tasks per node; None: one per core of the partition's processor.
    tasks_per_node = variable(int, type(None), value=None)
    #: Seconds each rank counts (pimpi --duration), in each of the sweep's two rows.
    seconds = variable(float, value=5.0)
    #: A fixed throw count for the whole job instead (e.g. 1e10); None: `seconds`.
    throws = variable(str, type(None), value=None)
    #: Timed repetitions in the one launch (pimpi --repeat); the performance
    #: variables are the median's, and every repetition must count the same hits.
    repeat = variable(int, value=3)
    #: The lowest slowest-rank-over-median ratio to accept (e.g. 0.8, pimpi's
    #: straggler fraction), as a reference from the command line:
    #: -S slowest_rank_ratio_min=0.8. None leaves the site's references alone.
    slowest_rank_ratio_min = variable(float, type(None), value=None)

    #: pimpi's seed here, and the hits it counts with it (docs/method.md: the
    #: count depends on the seed and the throws only). From pimpi 1e8, 1e9 and
    #: 1e10 --seed 1234567 on one rank.
    seed = 1234567
    exact_hits = {
        100_000_000: 78_547_137,
        1_000_000_000: 785_414_374,
        10_000_000_000: 7_853_997_814,
    }

    # Fill in per partition, e.g.
    #   "cluster:compute": {"throws_per_second_per_core": (R, -0.10, None, "throws/s"),
    #                       "efficiency": (0.98, -0.05, None, ""),
    #                       "slowest_rank_ratio": (0.8, 0, None, ""),
    #                       "idle_cores": (0, None, 0, "cores")},
    # (value, lower and upper bound as fractions, unit), where R is the nodes'
    # rate from a healthy run (docs/performance.md lists some CPUs' rates).
    # '*' accepts anything.
    reference = {
        "*": {
            "throws_per_second_per_core": (0, None, None, "throws/s"),
            "efficiency": (0, None, None, ""),
            "slowest_rank_ratio": (0, None, None, ""),
            "idle_cores": (0, None, None, "cores"),
            "parallel_seconds_stddev": (0, None, None, "s"),
        },
    }

    #: A healthy node's throws per second per core, by CPU: vendor, family and
    #: model, as pimpi's cpu_model names them ("AMD EPYC family 25 model 17";
    #: VMs call Zen 4 and Zen 5 both "AMD EPYC"). From docs/performance.md.
    rate_by_cpu = {
        ("AMD", 25, 17): 4.04e9,     # Zen 4
        ("AMD", 26, 2): 1.008e10,    # Zen 5
        ("Intel", 6, 207): 2.2e9,    # Emerald Rapids
    }
    #: Where the site gave this partition no throws_per_second_per_core
    #: reference, the check takes its CPU's rate from rate_by_cpu and fails
    #: below this fraction of it. 0 turns that off.
    cpu_reference_fraction = variable(float, value=0.8)

    #: Placement warnings that mean the allocation is wrong, whatever the speed.
    allocation_errors = ("oversubscribed", "shared_cpus", "smt_shared", "threads_exceed_cpus")

    @run_before("run")
    def set_job(self):
        cores = self.current_partition.processor.num_cores
        self.skip_if(self.tasks_per_node is None and not cores,
                     "no processor topology for this partition: let ReFrame detect it "
                     "(remote_detect), configure it, or set -S tasks_per_node=N")
        self.num_tasks_per_node = self.tasks_per_node or cores
        self.num_tasks = self.num_nodes * self.num_tasks_per_node
        if self.throws is not None:
            amount = [self.throws]
        elif self.num_tasks > 1:
            amount = ["--duration", str(self.seconds), "--sweep", f"weak:1,{self.num_tasks}"]
        else:
            amount = ["--duration", str(self.seconds)]
        self.executable_opts = amount + ["--seed", str(self.seed), "--repeat", str(self.repeat), "--format", "json"]

    @run_before("performance")
    def bound_slowest_rank(self):
        # In this partition's own scope, so that it holds over a site's entry.
        if self.slowest_rank_ratio_min is not None:
            self.reference[f"{self.current_partition.fullname}:slowest_rank_ratio"] = (
                self.slowest_rank_ratio_min, 0, None, "")

    @run_before("performance")
    def reference_by_cpu(self):
        # Only where the site's reference for this partition is the '*' one.
        key = f"{self.current_partition.fullname}:throws_per_second_per_core"
        if self.cpu_reference_fraction <= 0 or self.reference.get(key) != self.reference["*:throws_per_second_per_core"]:
            return
        rate = self.cpu_rate(self.report()["per_rank"][0]["cpu_model"])
        if rate is not None:
            self.reference[key] = (rate, self.cpu_reference_fraction - 1, None, "throws/s")

    @classmethod
    def cpu_rate(cls, cpu_model):
        """rate_by_cpu's rate for pimpi's cpu_model, or None for a CPU it lacks."""
        match = re.search(r" family (\d+) model (\d+)$", cpu_model)
        vendor = next((name for name in ("AMD", "Intel") if name.lower() in cpu_model.lower()), None)
        if not match or vendor is None:
            return None
        return cls.rate_by_cpu.get((vendor, int(match.group(1)), int(match.group(2))))

    def report(self):
        """pimpi's JSON report (stdout holds nothing else), once the job has
        run: a sweep's full row, which carries the efficiency against rank 0
        alone."""
        # From the stage directory: hooks do not run inside it, as sanity does.
        with open(os.path.join(self.stagedir, sn.evaluate(self.stdout))) as stream:
            try:
                report = json.load(stream)
            except ValueError:
                raise SanityError("pimpi wrote no JSON report: its one error line is in the job's stderr") from None
        return report["rows"][-1] if "rows" in report else report

    def result(self, name):
        return self.report()["results"][name]

    @sanity_function
    def validate(self):
        report = self.report()
        results = report["results"]
        expected = self.exact_hits.get(results["throws"])
        kinds = [kind for kind in results["warning_kinds"] if kind in self.allocation_errors]
        return sn.all([
            sn.assert_eq(report["context"]["ranks"], self.num_tasks, msg="pimpi ran {0} ranks, not {1}"),
            sn.assert_eq(results["repetitions"], self.repeat, msg="pimpi timed {0} repetitions, not {1}"),
            sn.assert_true(results["serial_matched"] is not False,
                           msg="the serial rerun did not match the parallel hit count"),
            sn.assert_true(expected is None or results["hits"] == expected,
                           msg=f"pimpi counted {results['hits']} hits; {expected} is right for these throws and seed"),
            sn.assert_false(kinds, msg=f"the allocation is wrong: {', '.join(kinds)} (see the JSON's warnings)"),
        ])

    @performance_function("throws/s")
    def throws_per_second_per_core(self):
        return self.result("throws_per_second_per_core")

    @performance_function("")
    def efficiency(self):
        return self.result("efficiency")

    @performance_function("")
    def slowest_rank_ratio(self):
        return self.result("slowest_rank_ratio")

    @performance_function("s")
    def parallel_seconds_stddev(self):
        """The spread of the repetitions (0 with repeat=1): bound it to catch a noisy node."""
        return self.result("parallel_seconds_stddev")

    @performance_function("cores")
    def idle_cores(self):
        return self.result("idle_cores")
