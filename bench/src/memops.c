/* memops: memory copy / fill / move / compare heavy kernel.
 *
 * A 1 MiB arena is worked on by hand-written routines (byte loops for the
 * unaligned head and tail, 64-bit words in the middle): copies of random
 * small (1-64 bytes), medium (up to 4 KiB) and large (up to 64 KiB) blocks
 * at random offsets, overlapping moves in both directions, fills, and
 * compares, plus a strided gather/scatter pass. The checksum hashes samples
 * of the arena and the compare results.
 */
#include "bench.h"

#define ARENA (1u << 20)

static uint8_t arena[ARENA + 64];

static inline uint64_t ld64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline void st64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void copy_fwd(uint8_t *d, const uint8_t *s, uint32_t n) {
  while (n && ((uintptr_t)d & 7)) { *d++ = *s++; n--; }
  while (n >= 32) {
    uint64_t a = ld64(s), b = ld64(s + 8), c = ld64(s + 16), e = ld64(s + 24);
    st64(d, a); st64(d + 8, b); st64(d + 16, c); st64(d + 24, e);
    d += 32; s += 32; n -= 32;
  }
  while (n >= 8) { st64(d, ld64(s)); d += 8; s += 8; n -= 8; }
  while (n--) *d++ = *s++;
}

static void copy_bwd(uint8_t *d, const uint8_t *s, uint32_t n) {
  d += n; s += n;
  while (n && ((uintptr_t)d & 7)) { *--d = *--s; n--; }
  while (n >= 8) { d -= 8; s -= 8; st64(d, ld64(s)); n -= 8; }
  while (n--) *--d = *--s;
}

static void move(uint8_t *d, const uint8_t *s, uint32_t n) {
  if (d == s) return;
  /* copy_fwd loads each chunk before storing it, so it is also safe for an
   * overlapping move to a lower address; moves upwards go backwards. */
  if (d < s || d >= s + n) copy_fwd(d, s, n);
  else copy_bwd(d, s, n);
}

static void fill(uint8_t *d, uint8_t v, uint32_t n) {
  uint64_t w = v * 0x0101010101010101ull;
  while (n && ((uintptr_t)d & 7)) { *d++ = v; n--; }
  while (n >= 32) { st64(d, w); st64(d + 8, w); st64(d + 16, w); st64(d + 24, w); d += 32; n -= 32; }
  while (n >= 8) { st64(d, w); d += 8; n -= 8; }
  while (n--) *d++ = v;
}

static int32_t compare(const uint8_t *a, const uint8_t *b, uint32_t n) {
  while (n >= 8 && ld64(a) == ld64(b)) { a += 8; b += 8; n -= 8; }
  for (; n; n--, a++, b++)
    if (*a != *b) return *a < *b ? -1 : 1;
  return 0;
}

static uint32_t block_len(rng_t *r) {
  uint32_t kind = rng_below(r, 16);
  if (kind < 10) return 1 + rng_below(r, 64);
  if (kind < 15) return 1 + rng_below(r, 4096);
  return 1 + rng_below(r, 65536);
}

/* One repetition: 2,000 random operations, then the whole-arena passes. */
BENCH_KERNEL static uint64_t kernel(rng_t *r, int rep, int64_t *cmpsum) {
  for (int op = 0; op < 2000; op++) {
    uint32_t n = block_len(r);
    uint32_t a = rng_below(r, ARENA - n), b = rng_below(r, ARENA - n);
    switch (op & 3) {
      case 0:
        if (a + n <= b || b + n <= a) copy_fwd(arena + a, arena + b, n);
        else move(arena + a, arena + b, n);
        break;
      case 1: move(arena + a, arena + a / 2 + b / 2, n); break;
      case 2: fill(arena + a, (uint8_t)(op + rep), n); move(arena + b, arena + a, n / 2 + 1); break;
      default: *cmpsum = *cmpsum * 3 + compare(arena + a, arena + b, n); break;
    }
  }
  /* Strided pass: gather every 64th byte, scatter it back rotated. */
  uint32_t acc = 0;
  for (uint32_t i = 0; i < ARENA; i += 64) acc = acc * 31 + arena[i];
  for (uint32_t i = 32; i < ARENA; i += 64) arena[i] ^= (uint8_t)(acc >> (i & 15));
  /* Copy one half over the other and check it. */
  copy_fwd(arena + ARENA / 2, arena, ARENA / 2);
  int32_t same = compare(arena, arena + ARENA / 2, ARENA / 2);
  uint64_t h = acc ^ (uint32_t)same;
  for (uint32_t i = 0; i < 64; i++) h = mix64(h, ld64(arena + (uint32_t)rng_below(r, ARENA - 8)));
  return h;
}

BENCH_RUN uint64_t run(void) {
  rng_t r = rng_make(bench_seed);
  for (uint32_t i = 0; i < ARENA; i += 8) st64(arena + i, rng_u64(&r));
  uint64_t sum = 0;
  int64_t cmpsum = 0;
  for (int rep = 0; rep < REPS(1800); rep++) sum = mix64(sum, kernel(&r, rep, &cmpsum));
  return mix64(sum, (uint64_t)cmpsum);
}
