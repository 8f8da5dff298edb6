"""An example ReFrame site configuration for running pimpi_check.py on a
Slurm partition. Copy it and change the names; see docs/reframe.md.

The check runs on partitions and environments with the feature `mpi`, one
task per core of the partition's processor: `remote_detect` has ReFrame
detect that topology on a node of each partition (once, in a job; it keeps
the result in ~/.reframe/topology), or give the partition a `processor`
entry (num_cpus, num_cpus_per_core, num_sockets, num_cpus_per_socket).

ReFrame's `slurm` scheduler asks `sacct` for a job's state, so it needs
Slurm's accounting; on a cluster without it, use the `squeue` scheduler, as
below. `srun` launches the tasks; add `--mpi=pmi2` to `launcher options` for an
MPICH-family pimpi, or set MpiDefault in slurm.conf.
"""
site_configuration = {
    "systems": [
        {
            "name": "mycluster",
            "descr": "A Slurm cluster",
            "hostnames": [r".*"],
            "modules_system": "nomod",
            "partitions": [
                {
                    "name": "compute",
                    "descr": "Compute nodes",
                    "scheduler": "squeue",
                    "launcher": "srun",
                    "access": ["--partition=compute"],
                    "environs": ["mpi"],
                    "features": ["mpi"],
                    "max_jobs": 4,
                },
            ],
        },
    ],
    "environments": [
        # The MPI pimpi was built against, e.g. "modules": ["openmpi"] on a
        # site with environment modules.
        {"name": "mpi", "features": ["mpi"]},
    ],
    "general": [
        {"remote_detect": True},
    ],
}
