"""ReFrame's view of the test cluster that `make test` starts
(Tests/slurm/cluster.sh): one partition, `test`, reached with ReFrame's
`squeue` scheduler (the cluster keeps no accounting for `sacct`) and srun."""
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
                    "environs": ["builtin"],
                    "max_jobs": 2,
                },
            ],
        },
    ],
}
