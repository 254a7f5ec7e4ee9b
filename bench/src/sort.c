/* sort: quicksort and merge sort of generated arrays.
 *
 * Each repetition fills 100,000 32-bit keys from a PRNG (a fraction of them
 * duplicated, and one run already sorted, to exercise the partitioning),
 * sorts them with an introsort-free quicksort (median of three, insertion
 * sort for short ranges, recursion on the smaller side), checks the order,
 * then sorts 100,000 (key, index) records with a bottom-up merge sort and
 * checks that it is stable. The checksum samples the sorted arrays.
 */
#include "bench.h"

#define N 100000

typedef struct { uint32_t key, idx; } rec_t;

static uint32_t keys[N];
static rec_t recs[N];
static rec_t tmp[N];

static void insertion_sort(uint32_t *a, int32_t lo, int32_t hi) {
  for (int32_t i = lo + 1; i <= hi; i++) {
    uint32_t v = a[i];
    int32_t j = i - 1;
    while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

static inline void swap_u32(uint32_t *a, int32_t i, int32_t j) {
  uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
}

BENCH_KERNEL static void quicksort(uint32_t *a, int32_t lo, int32_t hi) {
  while (hi - lo > 16) {
    int32_t mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) swap_u32(a, mid, lo);
    if (a[hi] < a[lo]) swap_u32(a, hi, lo);
    if (a[hi] < a[mid]) swap_u32(a, hi, mid);
    uint32_t pivot = a[mid];
    int32_t i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { swap_u32(a, i, j); i++; j--; }
    }
    /* Recurse into the smaller part, loop on the larger: O(log n) depth. */
    if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; }
    else { quicksort(a, i, hi); hi = j; }
  }
  insertion_sort(a, lo, hi);
}

BENCH_KERNEL static void merge_sort(rec_t *a, rec_t *t, uint32_t n) {
  /* Sort runs of 8 by insertion, then merge bottom-up, ping-ponging buffers. */
  for (uint32_t s = 0; s < n; s += 8) {
    uint32_t e = s + 8 < n ? s + 8 : n;
    for (uint32_t i = s + 1; i < e; i++) {
      rec_t v = a[i];
      uint32_t j = i;
      while (j > s && a[j - 1].key > v.key) { a[j] = a[j - 1]; j--; }
      a[j] = v;
    }
  }
  rec_t *src = a, *dst = t;
  for (uint32_t width = 8; width < n; width *= 2) {
    for (uint32_t lo = 0; lo < n; lo += 2 * width) {
      uint32_t mid = lo + width < n ? lo + width : n;
      uint32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
      uint32_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) dst[k++] = src[j].key < src[i].key ? src[j++] : src[i++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    rec_t *x = src; src = dst; dst = x;
  }
  if (src != a)
    for (uint32_t i = 0; i < n; i++) a[i] = src[i];
}

BENCH_RUN uint64_t run(void) {
  rng_t r = rng_make(bench_seed);
  uint64_t sum = 0;
  for (int rep = 0; rep < REPS(30); rep++) {
    for (uint32_t i = 0; i < N; i++) {
      uint32_t x = rng_u32(&r);
      if (i % 16 == 3) x = keys[i / 2];          /* duplicates */
      if (i >= N / 2 && i < N / 2 + 2000) x = i;  /* a sorted run */
      keys[i] = x;
    }
    quicksort(keys, 0, N - 1);
    uint32_t bad = 0;
    for (uint32_t i = 1; i < N; i++) bad += keys[i - 1] > keys[i];

    for (uint32_t i = 0; i < N; i++) {
      recs[i].key = rng_u32(&r) & 0xFFFF; /* many equal keys: tests stability */
      recs[i].idx = i;
    }
    merge_sort(recs, tmp, N);
    for (uint32_t i = 1; i < N; i++)
      bad += recs[i - 1].key > recs[i].key ||
             (recs[i - 1].key == recs[i].key && recs[i - 1].idx > recs[i].idx);

    sum = mix64(sum, bad);
    for (uint32_t i = 0; i < N; i += 997) sum = mix64(sum, keys[i] ^ ((uint64_t)recs[i].idx << 32));
  }
  return sum;
}
