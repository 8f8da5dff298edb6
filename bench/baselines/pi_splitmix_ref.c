/* pimpi's own algorithm, hand-written in C for one core: the speed-of-light
 * reference of `make bench`, built with `clang -O3 -march=native`.
 *
 * Throw i takes z = SplitMix64 output i+1 for the seed, u = (z >> 32) | 1 and
 * v = (z & 0xFFFFFFFF) | 1, and hits when u*u + v*v does not wrap past 2^64
 * (see docs/method.md). It must report exactly pimpi's hit count for the same
 * seed and throws.
 *
 * Three loops; the compiler's target picks one:
 * - with AVX-512 (F for the 512-bit operations, DQ for vpmullq), intrinsics
 *   tuned by hand: 14 vector instructions per 8 throws (the finaliser's last
 *   xor and the `| 1` merged into one vpternlogq), hits counted with popcnt of
 *   the compare's mask register, and eight independent chains of 8 lanes, each
 *   software-pipelined in three stages: an iteration tests the hits of one
 *   step, finishes the finaliser of the next and starts the one after, so the
 *   core always has independent work while a multiply runs. On an AMD Zen 5
 *   (2026-11-25) that runs at 0.44 cycles per throw, 99 % of the loop's port
 *   bound (docs/performance.md); the loop it replaced (3 chains, no pipeline,
 *   tuned on a Zen 4, where it ran 1.0 cycle per throw) took 0.55 there.
 *   Tried on the Zen 5 and slower: 1 to 4 unpipelined chains (0.55-0.57),
 *   2 stages instead of 3 (0.49-0.53), and 3, 4, 5, 6 pipelined chains
 *   (0.48, 0.46, 0.45, 0.445);
 * - with AVX2 and no AVX-512, intrinsics tuned by hand for x86-64-v3. AVX2
 *   has no 64-bit multiply: each of the finaliser's is three vpmuludq (the
 *   low halves, and each high half by the other's low half), the cross terms
 *   moved up by 32 bits and added. The moves by whole 32-bit halves are byte
 *   shuffles (vpshufd to bring a high half down, vpshufb to move the cross
 *   terms up), not shifts: on AMD cores the shifts share their pipes with
 *   the multiplies and the shuffles do not. The hit test "u*u + v*v does not
 *   wrap" is v*v <= ~(u*u), a signed vpcmpgtq once the sign bits are flipped;
 *   the misses are tallied per lane. Two chains of 4 lanes, each pipelined in
 *   two stages (the finaliser up to its second multiply; the rest and the
 *   test), so the scheduler always holds independent work. On an AMD Zen 4
 *   (2026-12-08), built for x86-64-v3: 1.47e9 throws/s, against 1.32e9 for
 *   the same without the pipeline, 1.24e9 for clang's vectorisation of the
 *   plain loop (which recomputes each state with a multiply), and within
 *   noise of 3 or 4 chains and of shifts in place of the shuffles (medians
 *   of 7 alternated runs);
 * - otherwise a plain counted loop with no branch per throw and wrapping
 *   unsigned arithmetic, which clang vectorises for whatever the CPU has.
 *
 *     clang -O3 -march=native -fno-slp-vectorize -o pi_splitmix_ref pi_splitmix_ref.c
 *     ./pi_splitmix_ref 1e9 1234567
 *
 * -fno-slp-vectorize: without it clang merges the chains' eight popcounts
 * into vector code (vpinsrb, vpopcntb) that costs 10 % here.
 *
 *     clang -O3 -march=x86-64-v3 ... builds the AVX2 loop on any AVX-512 CPU too:
 *     `make bench` times it there beside pimpi's x86-64-v3 build.
 *
 * Prints one JSON line: name, loop, level (the x86-64 level the loop is
 * written for: its port bound in `make bench`), throws, ranks, seconds (the
 * loop only), hits, pi.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__) && defined(__AVX512DQ__)
#define HAVE_AVX512_LOOP 1
#include <immintrin.h>
#define LOOP "avx512-intrinsics, 8 pipelined chains"
#define LEVEL "x86-64-v4"
#elif defined(__AVX2__)
#define HAVE_AVX2_LOOP 1
#include <immintrin.h>
#define LOOP "avx2-intrinsics, 2 pipelined chains"
#define LEVEL "x86-64-v3"
#else
#define LOOP "auto-vectorised"
#define LEVEL "none"
#endif

/* The name in the JSON line: `make bench` also builds this for x86-64-v3 as
 * "c-splitmix-v3". */
#ifndef NAME
#define NAME "c-splitmix-native"
#endif

#define GAMMA 0x9E3779B97F4A7C15ull
#define MIX1 0xBF58476D1CE4E5B9ull
#define MIX2 0x94D049BB133111EBull
#define ODD_HALVES 0x0000000100000001ull

static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * MIX1;
    z = (z ^ (z >> 27)) * MIX2;
    return z ^ (z >> 31);
}

/* Hits among throws first .. first+n-1, one at a time. */
static uint64_t count_hits_plain(uint64_t seed, uint64_t first, uint64_t n) {
    uint64_t hits = 0;
    for (uint64_t i = first; i < first + n; i++) {
        uint64_t w = mix(seed + (i + 1) * GAMMA) | ODD_HALVES;
        uint64_t u = w >> 32, v = w & 0xFFFFFFFFull;
        uint64_t uu = u * u;
        hits += (uu + v * v) >= uu;
    }
    return hits;
}

#ifdef HAVE_AVX512_LOOP
#define CHAINS 8

/* The three stages of 8 throws: the finaliser up to its second multiply; the
 * rest of it, with the odd halves (0xBE = (a ^ b) | c); the hit test, counted. */
static inline __m512i first_half(__m512i z, __m512i mix1) {
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), mix1);
    return _mm512_xor_si512(z, _mm512_srli_epi64(z, 27));
}

static inline __m512i second_half(__m512i z, __m512i mix2, __m512i odd) {
    z = _mm512_mullo_epi64(z, mix2);
    return _mm512_ternarylogic_epi64(z, _mm512_srli_epi64(z, 31), odd, 0xBE);
}

static inline unsigned hits_of_8(__m512i w) {
    __m512i u = _mm512_srli_epi64(w, 32);
    __m512i uu = _mm512_mul_epu32(u, u); /* low 32 bits of each lane, squared */
    __m512i vv = _mm512_mul_epu32(w, w);
    __mmask8 hit = _mm512_cmpge_epu64_mask(_mm512_add_epi64(uu, vv), uu);
    return (unsigned)__builtin_popcount((unsigned)hit);
}

__attribute__((noinline)) static uint64_t count_hits(uint64_t seed, uint64_t n) {
    const __m512i mix1 = _mm512_set1_epi64((long long)MIX1);
    const __m512i mix2 = _mm512_set1_epi64((long long)MIX2);
    const __m512i odd = _mm512_set1_epi64((long long)ODD_HALVES);
    const __m512i lane = _mm512_mullo_epi64(_mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7),
                                            _mm512_set1_epi64((long long)GAMMA));
    const __m512i step = _mm512_set1_epi64((long long)(8ull * CHAINS * GAMMA));
    uint64_t steps = n / (8 * CHAINS);
    if (steps < 2)
        return count_hits_plain(seed, 0, n);

    /* Per chain: z the states of the next step to start, a the step before
     * after the first half, w the step before that, ready for the hit test. */
    __m512i z[CHAINS], a[CHAINS], w[CHAINS];
    for (int c = 0; c < CHAINS; c++) {
        z[c] = _mm512_add_epi64(_mm512_set1_epi64((long long)(seed + (8ull * c + 1) * GAMMA)), lane);
        w[c] = second_half(first_half(z[c], mix1), mix2, odd);
        z[c] = _mm512_add_epi64(z[c], step);
        a[c] = first_half(z[c], mix1);
        z[c] = _mm512_add_epi64(z[c], step);
    }
    uint64_t hits = 0;
    for (uint64_t s = 2; s < steps; s++) {
        for (int c = 0; c < CHAINS; c++) {
            hits += hits_of_8(w[c]);
            w[c] = second_half(a[c], mix2, odd);
            a[c] = first_half(z[c], mix1);
            z[c] = _mm512_add_epi64(z[c], step);
        }
    }
    for (int c = 0; c < CHAINS; c++)
        hits += hits_of_8(w[c]) + hits_of_8(second_half(a[c], mix2, odd));
    uint64_t done = steps * 8 * CHAINS;
    return hits + count_hits_plain(seed, done, n - done);
}
#elif defined(HAVE_AVX2_LOOP)
#define CHAINS 2

/* z * m mod 2^64 for m = high << 32 | low, lane by lane. `up` is vpshufb's
 * control that moves each lane's low 32 bits to its high half and zeroes the
 * low half: a << 32 on the shuffle pipes. */
static inline __m256i mul64(__m256i z, __m256i low, __m256i high, __m256i up) {
    __m256i z_high = _mm256_shuffle_epi32(z, 0xF5); /* vpmuludq reads the low half only */
    __m256i cross = _mm256_add_epi64(_mm256_mul_epu32(z_high, low), _mm256_mul_epu32(z, high));
    return _mm256_add_epi64(_mm256_mul_epu32(z, low), _mm256_shuffle_epi8(cross, up));
}

struct avx2_constants {
    __m256i mix1_low, mix1_high, mix2_low, mix2_high, up, odd, sign, not_sign;
};

/* The two stages of 4 throws: the finaliser up to its second multiply; the
 * rest of it with the odd halves, and the hit test, adding -1 to `misses` in
 * each lane that missed. */
static inline __m256i first_half_avx2(__m256i z, const struct avx2_constants *k) {
    z = mul64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 30)), k->mix1_low, k->mix1_high, k->up);
    return _mm256_xor_si256(z, _mm256_srli_epi64(z, 27));
}

static inline __m256i add_misses(__m256i a, __m256i misses, const struct avx2_constants *k) {
    __m256i z = mul64(a, k->mix2_low, k->mix2_high, k->up);
    __m256i w = _mm256_or_si256(_mm256_xor_si256(z, _mm256_srli_epi64(z, 31)), k->odd);
    __m256i u = _mm256_shuffle_epi32(w, 0xF5);
    __m256i uu = _mm256_mul_epu32(u, u), vv = _mm256_mul_epu32(w, w);
    __m256i miss = _mm256_cmpgt_epi64(_mm256_xor_si256(vv, k->sign), _mm256_xor_si256(uu, k->not_sign));
    return _mm256_add_epi64(misses, miss);
}

__attribute__((noinline)) static uint64_t count_hits(uint64_t seed, uint64_t n) {
    const struct avx2_constants k = {
        _mm256_set1_epi64x((long long)(MIX1 & 0xFFFFFFFFull)), _mm256_set1_epi64x((long long)(MIX1 >> 32)),
        _mm256_set1_epi64x((long long)(MIX2 & 0xFFFFFFFFull)), _mm256_set1_epi64x((long long)(MIX2 >> 32)),
        _mm256_setr_epi8(-128, -128, -128, -128, 0, 1, 2, 3, -128, -128, -128, -128, 8, 9, 10, 11,
                         -128, -128, -128, -128, 0, 1, 2, 3, -128, -128, -128, -128, 8, 9, 10, 11),
        _mm256_set1_epi64x((long long)ODD_HALVES), _mm256_set1_epi64x((long long)0x8000000000000000ull),
        _mm256_set1_epi64x((long long)0x7FFFFFFFFFFFFFFFull),
    };
    const __m256i step = _mm256_set1_epi64x((long long)(4ull * CHAINS * GAMMA));
    uint64_t steps = n / (4 * CHAINS);
    if (steps < 1)
        return count_hits_plain(seed, 0, n);

    /* Per chain: z the states of the next step to start, a the step before
     * after the first half; misses counts down by one per missing throw. */
    __m256i z[CHAINS], a[CHAINS], misses[CHAINS];
    for (int c = 0; c < CHAINS; c++) {
        uint64_t lane0 = seed + (4ull * c + 1) * GAMMA;
        z[c] = _mm256_setr_epi64x((long long)lane0, (long long)(lane0 + GAMMA), (long long)(lane0 + 2 * GAMMA),
                                  (long long)(lane0 + 3 * GAMMA));
        a[c] = first_half_avx2(z[c], &k);
        z[c] = _mm256_add_epi64(z[c], step);
        misses[c] = _mm256_setzero_si256();
    }
    for (uint64_t s = 1; s < steps; s++) {
        for (int c = 0; c < CHAINS; c++) {
            misses[c] = add_misses(a[c], misses[c], &k);
            a[c] = first_half_avx2(z[c], &k);
            z[c] = _mm256_add_epi64(z[c], step);
        }
    }
    __m256i total = _mm256_setzero_si256();
    for (int c = 0; c < CHAINS; c++)
        total = _mm256_add_epi64(total, add_misses(a[c], misses[c], &k));
    uint64_t done = steps * 4 * CHAINS;
    uint64_t missed = -(uint64_t)(_mm256_extract_epi64(total, 0) + _mm256_extract_epi64(total, 1) +
                                  _mm256_extract_epi64(total, 2) + _mm256_extract_epi64(total, 3));
    return done - missed + count_hits_plain(seed, done, n - done);
}
#else
__attribute__((noinline)) static uint64_t count_hits(uint64_t seed, uint64_t n) {
    return count_hits_plain(seed, 0, n);
}
#endif

int main(int argc, char **argv) {
    uint64_t n = argc > 1 ? (uint64_t)strtod(argv[1], NULL) : 1000000000ull;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1234567ull;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t hits = count_hits(seed, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    printf("{\"name\": \"" NAME "\", \"loop\": \"%s\", \"level\": \"%s\", \"throws\": %llu, \"ranks\": 1, \"seconds\": %.9f, "
           "\"hits\": %llu, \"pi\": %.12f}\n",
           LOOP, LEVEL, (unsigned long long)n, seconds, (unsigned long long)hits, 4.0 * (double)hits / (double)n);
    return 0;
}
