"""The course's Monte Carlo pi program, as a baseline for `make bench`.

Pure Python with mpi4py, written the way the course page does it: throws split
into near-equal chunks by rank, a per-throw `random.random()` loop, each rank's
*estimate* reduced to the root and averaged there (pimpi sums hit counts
instead). It is here to be measured, not imitated.

    mpirun -np 2 python3 bench/baselines/pi_mpi4py.py 1000000

Prints one JSON line: name, throws, ranks, seconds (barrier to end of reduce), pi.
"""
import json
import sys

from mpi4py import MPI

from course_pi import pi


def main():
    comm = MPI.COMM_WORLD
    rank = comm.Get_rank()
    size = comm.Get_size()
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000

    chunks = [n // size + (1 if r < n % size else 0) for r in range(size)]
    comm.Barrier()
    start = MPI.Wtime()
    my_pi = pi(chunks[rank], seed=12345 + rank)
    total = comm.reduce(my_pi, op=MPI.SUM, root=0)
    seconds = MPI.Wtime() - start
    if rank == 0:
        print(json.dumps({"name": "python-mpi4py", "throws": n, "ranks": size,
                          "seconds": seconds, "pi": total / size}))


if __name__ == "__main__":
    main()
