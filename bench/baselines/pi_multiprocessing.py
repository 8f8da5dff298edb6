"""The course's multiprocessing variant: the same pure-Python throw loop as
pi_mpi4py.py, the throws cut into one chunk per process of a Pool, and the
chunks' estimates averaged. A `make bench` baseline.

    python3 bench/baselines/pi_multiprocessing.py 4000000 2

Prints one JSON line: name, throws, ranks (the processes), seconds, pi.
"""
import json
import multiprocessing
import sys
import time

from course_pi import pi


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else multiprocessing.cpu_count()
    chunks = [n // processes + (1 if p < n % processes else 0) for p in range(processes)]
    with multiprocessing.Pool(processes) as pool:
        start = time.perf_counter()
        estimates = pool.map(pi, chunks)
        seconds = time.perf_counter() - start
    print(json.dumps({"name": "python-multiprocessing", "throws": n, "ranks": processes, "seconds": seconds,
                      "pi": sum(estimates) / processes}))


if __name__ == "__main__":
    main()
