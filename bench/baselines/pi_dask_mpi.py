"""The course's Dask-MPI variant: dask_mpi.initialize() makes rank 0 the
scheduler and rank 1 the client (this script's main code), and every further
rank a worker, so it needs at least 3 ranks. The client maps the pure-Python
throw loop of pi_mpi4py.py over one chunk per worker and averages the
estimates. A `make bench` baseline.

    mpirun -np 3 python3 bench/baselines/pi_dask_mpi.py 2000000

Prints one JSON line (from the client): name, throws, ranks (the workers,
which did the throwing), seconds (map to gather, after the cluster is up), pi.
"""
import json
import sys
import time

from dask_mpi import initialize
from distributed import Client

from course_pi import pi


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
    # Silences the workers' nanny and keeps everything in this job's processes.
    initialize(nanny=False, dashboard=False)
    with Client() as client:
        client.wait_for_workers(1)
        workers = len(client.scheduler_info()["workers"])
        chunks = [n // workers + (1 if w < n % workers else 0) for w in range(workers)]
        start = time.perf_counter()
        estimates = client.gather(client.map(pi, chunks, pure=False))
        seconds = time.perf_counter() - start
        print(json.dumps({"name": "python-dask-mpi", "throws": n, "ranks": workers, "seconds": seconds,
                          "pi": sum(estimates) / workers}), flush=True)


if __name__ == "__main__":
    main()
