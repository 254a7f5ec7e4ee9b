/* recursion: call-heavy code with deep call chains.
 *
 *  - fib(n) by naive double recursion (many shallow calls);
 *  - Takeuchi's tak(x, y, z) (calls with three arguments);
 *  - Ackermann's function A(2, n) and A(3, n) (chains up to ~1,500 frames);
 *  - binary trees: build a perfect tree of depth up to 16 from a static pool,
 *    then walk and count it recursively;
 *  - a chain recursion 3,000 frames deep that does work on the way back up
 *    (not a tail call, so no compiler can turn it into a loop), and mutual
 *    recursion (even/odd style, both functions kept out of line) as deep.
 * Each repetition uses slightly different arguments, so no call can be
 * hoisted out of the loop. The deepest chain is about 3,000 wasm frames,
 * well under a 10,000-frame engine limit.
 */
#include "bench.h"

#define CHAIN_DEPTH 3000
#define TREE_DEPTH 16
#define POOL_NODES ((1u << (TREE_DEPTH + 1)) + 16)

typedef struct node { struct node *left, *right; uint32_t value; } node_t;

static node_t pool[POOL_NODES];
static uint32_t pool_used;

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int32_t tak(int32_t x, int32_t y, int32_t z) {
  if (y >= x) return z;
  return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

static uint32_t ack(uint32_t m, uint32_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

static node_t *build(uint32_t depth, uint32_t v) {
  node_t *n = &pool[pool_used++];
  n->value = v;
  if (depth == 0) {
    n->left = n->right = 0;
  } else {
    n->left = build(depth - 1, 2 * v);
    n->right = build(depth - 1, 2 * v + 1);
  }
  return n;
}

static uint32_t walk(const node_t *n) {
  if (!n) return 0;
  uint32_t l = walk(n->left), r = walk(n->right);
  return (l * 31 + r) ^ n->value;
}

static uint32_t count(const node_t *n) { return n ? 1 + count(n->left) + count(n->right) : 0; }

/* Work after the recursive call, depending on its result. */
static uint32_t chain(uint32_t n, uint32_t acc) {
  if (n == 0) return acc;
  uint32_t below = chain(n - 1, acc * 1664525u + 1013904223u);
  return rotl32(below, (int)(n & 15) + 1) ^ n;
}

static uint32_t odd_chain(uint32_t n, uint32_t x);
BENCH_KERNEL static uint32_t even_chain(uint32_t n, uint32_t x) {
  if (n == 0) return x;
  return odd_chain(n - 1, x + 3) * 3 + 1;
}
BENCH_KERNEL static uint32_t odd_chain(uint32_t n, uint32_t x) {
  if (n == 0) return ~x;
  return even_chain(n - 1, x ^ n) + (x >> 3);
}

BENCH_RUN uint64_t run(void) {
  uint32_t s = bench_seed & 1; /* 0, opaque to the compiler */
  uint64_t sum = 0;
  /* Every argument depends on rep, so no call can be hoisted out of the loop. */
  for (uint32_t rep = 0; rep < REPS(350); rep++) {
    uint32_t v = rep % 3 + s;
    sum = mix64(sum, fib(24 + v));
    sum = mix64(sum, (uint32_t)tak(16 + (int32_t)v, 10, 4));
    sum = mix64(sum, ack(2, 400 + rep));
    sum = mix64(sum, ack(3, 5 + v));
    pool_used = 0;
    node_t *root = build(TREE_DEPTH - 2 * v, 1 + rep);
    sum = mix64(sum, walk(root));
    sum = mix64(sum, count(root));
    for (uint32_t k = 0; k < 16; k++) {
      sum = mix64(sum, chain(CHAIN_DEPTH - k, k + rep));
      sum = mix64(sum, even_chain(CHAIN_DEPTH - k, k + rep));
    }
  }
  return sum;
}
