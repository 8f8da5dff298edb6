/* pimpi's own algorithm, hand-written in C for one core: the speed-of-light
 * reference of `make bench`, built with `clang -O3 -march=native`.
 *
 * Throw i takes z = SplitMix64 output i+1 for the seed, u = (z >> 32) | 1 and
 * v = (z & 0xFFFFFFFF) | 1, and hits when u*u + v*v does not wrap past 2^64
 * (see docs/method.md). The loop is written so that clang vectorises it fully:
 * no branch per throw, wrapping unsigned arithmetic, a plain counted loop.
 * It must report exactly pimpi's hit count for the same seed and throws.
 *
 *     clang -O3 -march=native -o pi_splitmix_ref pi_splitmix_ref.c && ./pi_splitmix_ref 1e9 1234567
 *
 * Prints one JSON line: name, throws, ranks, seconds (the loop only), hits, pi.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define GAMMA 0x9E3779B97F4A7C15ull

static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

__attribute__((noinline)) static uint64_t count_hits(uint64_t seed, uint64_t n) {
    uint64_t hits = 0;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t w = mix(seed + (i + 1) * GAMMA) | 0x0000000100000001ull;
        uint64_t u = w >> 32, v = w & 0xFFFFFFFFull;
        uint64_t uu = u * u;
        hits += (uu + v * v) >= uu;
    }
    return hits;
}

int main(int argc, char **argv) {
    uint64_t n = argc > 1 ? (uint64_t)strtod(argv[1], NULL) : 1000000000ull;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1234567ull;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t hits = count_hits(seed, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    printf("{\"name\": \"c-splitmix-native\", \"throws\": %llu, \"ranks\": 1, \"seconds\": %.9f, \"hits\": %llu, \"pi\": %.12f}\n",
           (unsigned long long)n, seconds, (unsigned long long)hits, 4.0 * (double)hits / (double)n);
    return 0;
}
