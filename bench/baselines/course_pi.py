"""The course's throw loop, shared by its Python variants (mpi4py,
multiprocessing, Dask-MPI): per-throw random.random(), and the chunk's own
estimate of pi (the variants average the estimates, as the course does)."""
import random


def pi(num_points, seed=None):
    """pi estimated from `num_points` throws; `seed` None seeds from the OS, so
    each process throws its own stream."""
    random.seed(seed)
    hits = 0
    for _ in range(num_points):
        x = random.random()
        y = random.random()
        if x * x + y * y <= 1.0:
            hits += 1
    return 4.0 * hits / num_points if num_points else 0.0
