"""A ReFrame check for pimpi: a sanity test of a node's or partition's MPI
stack and Slurm placement, and performance variables a site can give
references for. See docs/reframe.md.

    reframe -C your_site_config.py -c slurm/reframe/pimpi_check.py -r
    reframe ... -S executable=/path/to/pimpi -S tasks=4 -S throws=1e10

Sanity: the run reports the rank count asked for, the serial rerun matched
the parallel hit count, pi is within 5 standard errors, and the placement
check (docs/placement.md) found nothing wrong. Performance: throws per second
per core and parallel efficiency, read from pimpi's JSON report.
"""
import reframe as rfm
import reframe.utility.sanity as sn
from reframe.core.builtins import performance_function, run_before, sanity_function, variable


@rfm.simple_test
class PimpiCheck(rfm.RunOnlyRegressionTest):
    descr = "pimpi: Monte Carlo pi over MPI, its placement and its throughput per core"
    valid_systems = ["*"]
    valid_prog_environs = ["*"]
    maintainers = ["pimpi"]
    tags = {"mpi", "placement", "benchmark"}

    #: The pimpi to run: on PATH after `make install`, or a path (-S executable=...).
    executable = "pimpi"
    #: MPI tasks (srun -n), and throws for the whole job: about 1.5 s per
    #: 10^10 throws per core on a current x86-64 core.
    tasks = variable(int, value=2)
    throws = variable(str, value="1e10")

    # Fill in per partition, e.g.
    #   "cluster:compute": {"throws_per_second_per_core": (7.0e9, -0.10, None, "throws/s"),
    #                       "efficiency": (0.98, -0.05, None, "")},
    # (value, lower and upper bound as fractions, unit). '*' accepts anything.
    reference = {
        "*": {
            "throws_per_second_per_core": (0, None, None, "throws/s"),
            "efficiency": (0, None, None, ""),
        },
    }

    @run_before("run")
    def set_job(self):
        self.num_tasks = self.tasks
        self.executable_opts = [self.throws, "--format", "json"]

    def field(self, name, conv=float):
        """A number from pimpi's JSON report: one field per line."""
        return sn.extractsingle(rf'^\s*"{name}": (-?[0-9.eE+-]+),?$', self.stdout, 1, conv)

    @sanity_function
    def validate(self):
        pi = self.field("pi")
        return sn.all([
            sn.assert_eq(self.field("ranks", int), self.num_tasks, msg="pimpi ran {0} ranks, not {1}"),
            sn.assert_found(r'^\s*"serial_matched": true,?$', self.stdout,
                            msg="the serial rerun did not match the parallel hit count"),
            sn.assert_lt(sn.abs(pi - 3.141592653589793), 5 * self.field("std_error"),
                         msg="pi is more than 5 standard errors off"),
            sn.assert_found(r'^\s*"warnings": \[\]$', self.stdout,
                            msg="the placement check warned (see the JSON's warnings)"),
        ])

    @performance_function("throws/s")
    def throws_per_second_per_core(self):
        return self.field("throws_per_second_per_core")

    @performance_function("")
    def efficiency(self):
        return self.field("efficiency")
