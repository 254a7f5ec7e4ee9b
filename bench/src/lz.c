/* lz: LZ77-style compression and decompression of generated text.
 *
 * The input is 256 KiB of pseudo-English (words drawn from a generated
 * vocabulary, punctuation, numbers and a little noise), which compresses to
 * about 40% of its size. The compressor uses a hash table of 4-byte prefixes with
 * hash chains (up to 16 probes) and lazy matching; the stream format is
 * LZ4-like (token nibbles for literal and match lengths, 16-bit offsets).
 * Each repetition perturbs a few input bytes, compresses, decompresses,
 * verifies the round trip and folds the compressed stream into the checksum.
 */
#include "bench.h"

#define IN_SIZE (256 * 1024)
#define OUT_CAP (IN_SIZE + IN_SIZE / 8 + 64)
#define HASH_BITS 15
#define WINDOW 65535
#define MIN_MATCH 4
#define MAX_PROBES 16

static uint8_t input[IN_SIZE];
static uint8_t packed[OUT_CAP];
static uint8_t unpacked[IN_SIZE + 16];
static int32_t head[1 << HASH_BITS];
static int32_t chain[IN_SIZE];

static char vocab[96][12];
static uint32_t vocab_len[96];

static void generate(uint32_t seed) {
  rng_t r = rng_make(seed);
  for (int w = 0; w < 96; w++) {
    uint32_t len = 2 + rng_below(&r, 8);
    for (uint32_t i = 0; i < len; i++) vocab[w][i] = (char)('a' + rng_below(&r, 26));
    vocab_len[w] = len;
  }
  uint32_t pos = 0;
  while (pos < IN_SIZE) {
    uint32_t pick = rng_below(&r, 100);
    if (pick < 80) {
      /* Zipf-like: low word numbers are much more common. */
      uint32_t a = rng_below(&r, 96), b = rng_below(&r, 96);
      uint32_t w = a < b ? a : b;
      for (uint32_t i = 0; i < vocab_len[w] && pos < IN_SIZE; i++) input[pos++] = (uint8_t)vocab[w][i];
    } else if (pick < 90) {
      uint32_t n = rng_u32(&r) % 100000;
      char tmp[8];
      int k = 0;
      do { tmp[k++] = (char)('0' + n % 10); n /= 10; } while (n);
      while (k && pos < IN_SIZE) input[pos++] = (uint8_t)tmp[--k];
    } else if (pick < 97) {
      static const char punct[] = ".,;:!?-\n";
      if (pos < IN_SIZE) input[pos++] = (uint8_t)punct[rng_below(&r, 8)];
    } else {
      if (pos < IN_SIZE) input[pos++] = (uint8_t)rng_u32(&r);
    }
    if (pos < IN_SIZE) input[pos++] = ' ';
  }
}

static inline uint32_t load32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint32_t hash4(const uint8_t *p) {
  return (load32(p) * 2654435761u) >> (32 - HASH_BITS);
}

/* Longest match for position i; returns its length, offset in *off. */
static uint32_t find_match(const uint8_t *src, uint32_t n, uint32_t i, uint32_t *off) {
  uint32_t best = 0;
  int32_t cand = head[hash4(src + i)];
  uint32_t limit = n - i;
  for (int probe = 0; probe < MAX_PROBES && cand >= 0 && best < limit; probe++) {
    uint32_t dist = i - (uint32_t)cand;
    if (dist > WINDOW) break;
    const uint8_t *a = src + cand, *b = src + i;
    if (a[best] == b[best] && load32(a) == load32(b)) {
      uint32_t len = 4;
      while (len < limit && a[len] == b[len]) len++;
      if (len > best) {
        best = len;
        *off = dist;
        if (len >= 258) break;
      }
    }
    cand = chain[cand];
  }
  return best;
}

static inline void insert(const uint8_t *src, uint32_t i) {
  uint32_t h = hash4(src + i);
  chain[i] = head[h];
  head[h] = (int32_t)i;
}

static uint8_t *put_len(uint8_t *o, uint32_t extra) {
  while (extra >= 255) { *o++ = 255; extra -= 255; }
  *o++ = (uint8_t)extra;
  return o;
}

static uint8_t *emit(uint8_t *o, const uint8_t *lit, uint32_t nlit, uint32_t mlen, uint32_t off) {
  uint32_t ml = mlen ? mlen - MIN_MATCH : 0;
  uint8_t *tok = o++;
  *tok = (uint8_t)((nlit < 15 ? nlit : 15) << 4 | (ml < 15 ? ml : 15));
  if (nlit >= 15) o = put_len(o, nlit - 15);
  for (uint32_t k = 0; k < nlit; k++) o[k] = lit[k];
  o += nlit;
  if (mlen) {
    *o++ = (uint8_t)off;
    *o++ = (uint8_t)(off >> 8);
    if (ml >= 15) o = put_len(o, ml - 15);
  }
  return o;
}

BENCH_KERNEL static uint32_t compress(const uint8_t *src, uint32_t n, uint8_t *dst) {
  for (uint32_t h = 0; h < (1u << HASH_BITS); h++) head[h] = -1;
  uint8_t *o = dst;
  uint32_t anchor = 0, i = 0;
  while (i + MIN_MATCH + 8 < n) {
    uint32_t off = 0, len = find_match(src, n, i, &off);
    if (len < MIN_MATCH) {
      insert(src, i);
      i++;
      continue;
    }
    /* Lazy matching: prefer a longer match starting one byte later. */
    insert(src, i);
    uint32_t off2 = 0, len2 = find_match(src, n, i + 1, &off2);
    if (len2 > len + 1) {
      i++;
      insert(src, i);
      len = len2;
      off = off2;
    }
    o = emit(o, src + anchor, i - anchor, len, off);
    uint32_t end = i + len;
    if (end + 8 > n) end = n - 8;
    for (uint32_t k = i + 1; k < end; k++) insert(src, k);
    i += len;
    anchor = i;
  }
  o = emit(o, src + anchor, n - anchor, 0, 0);
  return (uint32_t)(o - dst);
}

BENCH_KERNEL static uint32_t decompress(const uint8_t *src, uint32_t n, uint8_t *dst, uint32_t cap) {
  const uint8_t *p = src, *end = src + n;
  uint8_t *o = dst, *oend = dst + cap;
  while (p < end) {
    uint32_t tok = *p++;
    uint32_t nlit = tok >> 4;
    if (nlit == 15) { uint32_t b; do { b = *p++; nlit += b; } while (b == 255); }
    if (o + nlit > oend || p + nlit > end) return 0xFFFFFFFFu;
    for (uint32_t k = 0; k < nlit; k++) o[k] = p[k];
    o += nlit;
    p += nlit;
    if (p >= end) break;
    uint32_t off = (uint32_t)p[0] | (uint32_t)p[1] << 8;
    p += 2;
    uint32_t mlen = (tok & 15);
    if (mlen == 15) { uint32_t b; do { b = *p++; mlen += b; } while (b == 255); }
    mlen += MIN_MATCH;
    if (off == 0 || off > (uint32_t)(o - dst) || o + mlen > oend) return 0xFFFFFFFFu;
    const uint8_t *m = o - off;
    for (uint32_t k = 0; k < mlen; k++) o[k] = m[k]; /* may overlap: byte order matters */
    o += mlen;
  }
  return (uint32_t)(o - dst);
}

BENCH_RUN uint64_t run(void) {
  generate(bench_seed);
  rng_t r = rng_make(7);
  uint64_t sum = 0;
  for (int rep = 0; rep < REPS(90); rep++) {
    for (int k = 0; k < 16; k++) input[rng_below(&r, IN_SIZE)] = (uint8_t)('a' + rng_below(&r, 26));
    uint32_t clen = compress(input, IN_SIZE, packed);
    uint32_t dlen = decompress(packed, clen, unpacked, IN_SIZE);
    uint32_t ok = dlen == IN_SIZE && memcmp(unpacked, input, IN_SIZE) == 0;
    uint32_t h = 2166136261u;
    for (uint32_t k = 0; k < clen; k++) h = (h ^ packed[k]) * 16777619u;
    sum = mix64(sum, ((uint64_t)clen << 32) | h);
    sum = mix64(sum, ok ? 1 : 0xDEAD);
  }
  return sum;
}
