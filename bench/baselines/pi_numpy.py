"""Monte Carlo pi with numpy, vectorised in chunks: the course's algorithm
(uniform x, y in [0, 1), hit when x*x + y*y <= 1) as a student would write it
once they know numpy, on one core. A `make bench` baseline.

    python3 bench/baselines/pi_numpy.py 100000000

Prints one JSON line: name, throws, ranks (1), seconds, hits, pi.
"""
import json
import sys
import time

import numpy as np

CHUNK = 1 << 20  # throws per vector: a few MB, well inside the caches' reach


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 100_000_000
    rng = np.random.default_rng(12345)
    hits = 0
    start = time.perf_counter()
    left = n
    while left > 0:
        size = min(CHUNK, left)
        x = rng.random(size)
        y = rng.random(size)
        hits += int(np.count_nonzero(x * x + y * y <= 1.0))
        left -= size
    seconds = time.perf_counter() - start
    print(json.dumps({"name": "python-numpy", "throws": n, "ranks": 1, "seconds": seconds, "hits": hits,
                      "pi": 4.0 * hits / n}))


if __name__ == "__main__":
    main()
