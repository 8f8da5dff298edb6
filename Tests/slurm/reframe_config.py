"""ReFrame's view of the test cluster that `make test` starts
(Tests/slurm/cluster.sh): one partition, `test`, with the feature `mpi`,
reached with ReFrame's `squeue` scheduler (the cluster keeps no accounting
for `sacct`) and srun.

The partition's processor is given here, not detected: each simulated node
shows the whole machine in /sys, where ReFrame's detection looks, but offers
jobs only the CPUs of its own (the others are Slurm's CpuSpecList), which
`PIMPI_TEST_CLUSTER_CPUS_PER_NODE` says; the machine has one thread per core.
"""
import os

cpus_per_node = int(os.environ.get("PIMPI_TEST_CLUSTER_CPUS_PER_NODE", "1"))

site_configuration = {
    "systems": [
        {
            "name": "pimpitest",
            "descr": "pimpi's throw-away Slurm test cluster",
            "hostnames": [r".*"],
            "modules_system": "nomod",
            "partitions": [
                {
                    "name": "test",
                    "descr": "Both nodes of the test cluster",
                    "scheduler": "squeue",
                    "launcher": "srun",
                    "access": ["--partition=test"],
                    "environs": ["mpi"],
                    "features": ["mpi"],
                    "max_jobs": 2,
                    "processor": {
                        "num_cpus": cpus_per_node,
                        "num_cpus_per_core": 1,
                        "num_cpus_per_socket": cpus_per_node,
                        "num_sockets": 1,
                    },
                },
            ],
        },
    ],
    "environments": [
        {"name": "mpi", "features": ["mpi"]},
    ],
}
