/* bench.h - shared helpers for the witt benchmark workloads.
 *
 * Every workload is one C file that includes this header once and defines
 *     uint32_t run(void)   or   uint64_t run(void)
 * returning a deterministic checksum. The same file is compiled
 *   - to wasm32 with clang -nostdlib (no libc, no WASI: nothing is imported), and
 *   - natively with gcc, linked with bench/native_main.c.
 *
 * Sizes: REPS(n) is n in the normal build and about n/40 when BENCH_SMALL is
 * defined (the "small" variants used for quick checks and callgrind).
 */
#ifndef WITT_BENCH_H
#define WITT_BENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef BENCH_SMALL
#define REPS(n) (((n) + 39) / 40)
#else
#define REPS(n) (n)
#endif

/* A value the compiler cannot see through, so no workload can be evaluated at
 * compile time. */
static volatile uint32_t bench_seed = 0x2545F491u;

#if defined(__wasm__)
/* Freestanding wasm32: clang may emit calls to these for struct copies and
 * recognised loops, so the module must define them itself. Plain loops over
 * 32-bit words where alignment allows; clang does not turn the body of a
 * function named memcpy/memset into a call to itself. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
  uint8_t *d = (uint8_t *)dst;
  const uint8_t *s = (const uint8_t *)src;
  if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
    while (n >= 16) {
      ((uint32_t *)d)[0] = ((const uint32_t *)s)[0];
      ((uint32_t *)d)[1] = ((const uint32_t *)s)[1];
      ((uint32_t *)d)[2] = ((const uint32_t *)s)[2];
      ((uint32_t *)d)[3] = ((const uint32_t *)s)[3];
      d += 16; s += 16; n -= 16;
    }
    while (n >= 4) { *(uint32_t *)d = *(const uint32_t *)s; d += 4; s += 4; n -= 4; }
  }
  while (n--) *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  uint8_t *d = (uint8_t *)dst;
  const uint8_t *s = (const uint8_t *)src;
  if (d == s || n == 0) return dst;
  if (d < s || d >= s + n) return memcpy(dst, src, n);
  d += n; s += n;
  while (n--) *--d = *--s;
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  uint8_t *d = (uint8_t *)dst;
  uint32_t w = (uint8_t)c * 0x01010101u;
  while (n && ((uintptr_t)d & 3)) { *d++ = (uint8_t)c; n--; }
  while (n >= 16) {
    ((uint32_t *)d)[0] = w; ((uint32_t *)d)[1] = w;
    ((uint32_t *)d)[2] = w; ((uint32_t *)d)[3] = w;
    d += 16; n -= 16;
  }
  while (n >= 4) { *(uint32_t *)d = w; d += 4; n -= 4; }
  while (n--) *d++ = (uint8_t)c;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const uint8_t *p = (const uint8_t *)a, *q = (const uint8_t *)b;
  for (; n; n--, p++, q++)
    if (*p != *q) return *p < *q ? -1 : 1;
  return 0;
}
#else
#include <string.h>
#endif

/* xorshift64* pseudo-random numbers: fast, deterministic, good enough. */
typedef struct { uint64_t s; } rng_t;

static inline rng_t rng_make(uint64_t seed) {
  rng_t r;
  r.s = seed ^ 0x9E3779B97F4A7C15ull;
  if (r.s == 0) r.s = 1;
  return r;
}
static inline uint64_t rng_u64(rng_t *r) {
  uint64_t x = r->s;
  x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
  r->s = x;
  return x * 0x2545F4914F6CDD1Dull;
}
static inline uint32_t rng_u32(rng_t *r) { return (uint32_t)(rng_u64(r) >> 32); }
/* Uniform-ish in [0, n) for small n (n > 0). */
static inline uint32_t rng_below(rng_t *r, uint32_t n) {
  return (uint32_t)(((uint64_t)rng_u32(r) * n) >> 32);
}

static inline uint32_t rotl32(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
static inline uint32_t rotr32(uint32_t x, int k) { return (x >> k) | (x << (32 - k)); }
static inline uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* Order-dependent mixing of values into a 64-bit checksum. */
static inline uint64_t mix64(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h * 0xFF51AFD7ED558CCDull;
}

/* The exported entry point; the build passes -Wl,--export=run for wasm. */
#define BENCH_RUN __attribute__((visibility("default"), noinline))

/* The per-repetition kernels are kept out of line, so run() calls them many
 * times. This matters for V8: it compiles a hot wasm function with TurboFan
 * in the background but uses the new code only from the function's next
 * call (there is no on-stack replacement for wasm), so a run() with
 * everything inlined into one loop would stay in baseline code. */
#define BENCH_KERNEL __attribute__((noinline))

#endif
