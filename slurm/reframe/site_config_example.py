"""An example ReFrame site configuration for running pimpi_check.py on a
Slurm partition. Copy it and change the names; see docs/reframe.md.

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
                    "environs": ["builtin"],
                    "max_jobs": 4,
                },
            ],
        },
    ],
}
