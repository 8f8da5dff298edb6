"""A ReFrame check for pimpi: a sanity test of a node's or partition's MPI
stack and Slurm allocation, and performance variables a site can give
references for. See docs/reframe.md.

    reframe -C your_site_config.py -c slurm/reframe/pimpi_check.py -r
    reframe ... -S executable=/path/to/pimpi -S tasks=4 -S throws=1e10 -S repeat=5

Correctness and speed are kept apart, as in ReFrame's own test library.
Sanity (a wrong answer or a wrong allocation): the run reports the rank count
asked for, the serial rerun matched the parallel hit count, pi is within 5
standard errors, and the placement check (docs/placement.md) found no
allocation error (oversubscribed, shared_cpus, threads_exceed_cpus).
Performance (a slow answer): throws per second per core, parallel
efficiency, the slowest rank's rate over the median's (a straggler) and the
CPUs left idle, read from pimpi's JSON report; a site bounds them with
references. pimpi times the parallel count `repeat` times in the one launch
and computes its figures from the median repetition, so one noisy sample
moves no variable; the spread is a variable too. A busy node is slow, not
broken, so it fails only a reference.
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
    #: MPI tasks (srun -n), and throws for the whole job (per-core speeds by
    #: CPU are in docs/performance.md).
    tasks = variable(int, value=2)
    throws = variable(str, value="1e10")
    #: Timed repetitions in the one launch (pimpi --repeat); the performance
    #: variables are the median's, and every repetition must count the same hits.
    repeat = variable(int, value=3)
    #: The lowest slowest-rank-over-median ratio to accept (e.g. 0.8, pimpi's
    #: straggler fraction), as a reference from the command line:
    #: -S slowest_rank_ratio_min=0.8. None leaves the site's references alone.
    slowest_rank_ratio_min = variable(float, type(None), value=None)

    # Fill in per partition, e.g.
    #   "cluster:compute": {"throws_per_second_per_core": (R, -0.10, None, "throws/s"),
    #                       "efficiency": (0.98, -0.05, None, ""),
    #                       "slowest_rank_ratio": (0.8, 0, None, ""),
    #                       "idle_cpus": (0, None, 0, "CPUs")},
    # (value, lower and upper bound as fractions, unit), where R is the nodes'
    # rate from a healthy run (docs/performance.md lists some CPUs' rates).
    # '*' accepts anything.
    reference = {
        "*": {
            "throws_per_second_per_core": (0, None, None, "throws/s"),
            "efficiency": (0, None, None, ""),
            "slowest_rank_ratio": (0, None, None, ""),
            "idle_cpus": (0, None, None, "CPUs"),
            "parallel_seconds_stddev": (0, None, None, "s"),
        },
    }

    #: Placement warnings that mean the allocation is wrong, whatever the speed.
    allocation_errors = ("oversubscribed", "shared_cpus", "threads_exceed_cpus")

    @run_before("run")
    def set_job(self):
        self.num_tasks = self.tasks
        self.executable_opts = [self.throws, "--repeat", str(self.repeat), "--format", "json"]

    @run_before("performance")
    def bound_slowest_rank(self):
        # In this partition's own scope, so that it holds over a site's entry.
        if self.slowest_rank_ratio_min is not None:
            self.reference[f"{self.current_partition.fullname}:slowest_rank_ratio"] = (
                self.slowest_rank_ratio_min, 0, None, "")

    def field(self, name, conv=float):
        """A number from pimpi's JSON report: one field per line."""
        return sn.extractsingle(rf'^\s*"{name}": (-?[0-9.eE+-]+),?$', self.stdout, 1, conv)

    @sanity_function
    def validate(self):
        pi = self.field("pi")
        kinds = "|".join(self.allocation_errors)
        return sn.all([
            sn.assert_eq(self.field("ranks", int), self.num_tasks, msg="pimpi ran {0} ranks, not {1}"),
            sn.assert_eq(self.field("repetitions", int), self.repeat, msg="pimpi timed {0} repetitions, not {1}"),
            sn.assert_found(r'^\s*"serial_matched": true,?$', self.stdout,
                            msg="the serial rerun did not match the parallel hit count"),
            sn.assert_lt(sn.abs(pi - 3.141592653589793), 5 * self.field("std_error"),
                         msg="pi is more than 5 standard errors off"),
            sn.assert_not_found(rf'^\s*"warning_kinds": \[[^]]*"({kinds})"', self.stdout,
                                msg="the allocation is wrong (see the JSON's warnings)"),
        ])

    @performance_function("throws/s")
    def throws_per_second_per_core(self):
        return self.field("throws_per_second_per_core")

    @performance_function("")
    def efficiency(self):
        return self.field("efficiency")

    @performance_function("")
    def slowest_rank_ratio(self):
        return self.field("slowest_rank_ratio")

    @performance_function("s")
    def parallel_seconds_stddev(self):
        """The spread of the repetitions (0 with repeat=1): bound it to catch a noisy node."""
        return self.field("parallel_seconds_stddev")

    @performance_function("CPUs")
    def idle_cpus(self):
        return self.field("idle_cpus", int)
