/* mixed: a CoreMark-style mix of integer work (an original design).
 *
 * Each iteration runs four kernels on data derived from the iteration
 * number, and chains their results through a bitwise CRC-16/CCITT:
 *  - lists: a 600-node singly linked list in a static pool is filled, searched,
 *    reversed, merge-sorted by key (bottom-up, on the links), verified, and
 *    has every 7th node removed and re-inserted in order;
 *  - matrix: 24x24 16-bit matrices: add and multiply by constants,
 *    matrix*vector, matrix*matrix into 32-bit, bit-field extraction;
 *  - state machine: a scanner classifies ~2 KiB of comma-separated tokens
 *    (integers, signed numbers, decimals, exponents, hex, junk) and counts
 *    the transitions taken;
 *  - crc: the CRC itself, one bit at a time, over all of the above.
 */
#include "bench.h"

/* ---------------- CRC-16/CCITT (poly 0x1021), bitwise ---------------- */
static uint16_t crc_byte(uint16_t crc, uint8_t b) {
  crc ^= (uint16_t)b << 8;
  for (int i = 0; i < 8; i++) crc = (crc & 0x8000) ? (uint16_t)(crc << 1 ^ 0x1021) : (uint16_t)(crc << 1);
  return crc;
}
static uint16_t crc_u16(uint16_t crc, uint16_t v) { return crc_byte(crc_byte(crc, (uint8_t)v), (uint8_t)(v >> 8)); }
static uint16_t crc_u32(uint16_t crc, uint32_t v) { return crc_u16(crc_u16(crc, (uint16_t)v), (uint16_t)(v >> 16)); }

/* ---------------- lists ---------------- */
#define LIST_NODES 600
typedef struct lnode { struct lnode *next; int16_t key; uint16_t val; } lnode_t;
static lnode_t nodes[LIST_NODES];

static lnode_t *list_fill(uint32_t seed) {
  uint32_t x = seed * 2654435761u + 1;
  lnode_t *head = 0;
  for (int i = LIST_NODES - 1; i >= 0; i--) {
    x = x * 1103515245u + 12345u;
    nodes[i].key = (int16_t)(x >> 16);
    nodes[i].val = (uint16_t)(i ^ (x >> 8));
    nodes[i].next = head;
    head = &nodes[i];
  }
  return head;
}

static int32_t list_find(lnode_t *head, int16_t key) {
  int32_t pos = 0;
  for (lnode_t *n = head; n; n = n->next, pos++)
    if (n->key == key) return pos;
  return -1;
}

static lnode_t *list_reverse(lnode_t *head) {
  lnode_t *prev = 0;
  while (head) {
    lnode_t *next = head->next;
    head->next = prev;
    prev = head;
    head = next;
  }
  return prev;
}

static int node_less(const lnode_t *a, const lnode_t *b, int by_val) {
  return by_val ? a->val < b->val : a->key < b->key;
}

/* Bottom-up merge sort on the links: merge runs of width 1, 2, 4, ... */
static lnode_t *list_sort(lnode_t *head, int by_val) {
  for (uint32_t width = 1;; width *= 2) {
    lnode_t *p = head, *tail = 0;
    uint32_t merges = 0;
    head = 0;
    while (p) {
      merges++;
      lnode_t *q = p;
      uint32_t psize = 0;
      while (psize < width && q) { psize++; q = q->next; }
      uint32_t qsize = width;
      while (psize > 0 || (qsize > 0 && q)) {
        lnode_t *e;
        if (psize == 0) { e = q; q = q->next; qsize--; }
        else if (qsize == 0 || !q || !node_less(q, p, by_val)) { e = p; p = p->next; psize--; }
        else { e = q; q = q->next; qsize--; }
        if (tail) tail->next = e; else head = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1) return head;
  }
}

BENCH_KERNEL static uint16_t list_kernel(uint32_t iter, uint16_t crc) {
  lnode_t *head = list_fill(iter);
  int32_t found = 0;
  for (int k = 0; k < 8; k++) found += list_find(head, nodes[(iter * 37 + k * 71) % LIST_NODES].key);
  found += list_find(head, (int16_t)0x7FFF);
  crc = crc_u32(crc, (uint32_t)found);
  head = list_reverse(head);
  head = list_sort(head, 0);
  uint32_t bad = 0;
  for (lnode_t *n = head; n && n->next; n = n->next) bad += n->key > n->next->key;
  /* Remove every 7th node, then put each back at its sorted place. */
  lnode_t *removed = 0, *prev = 0;
  int i = 0;
  for (lnode_t *n = head; n;) {
    lnode_t *next = n->next;
    if (i++ % 7 == 3) {
      if (prev) prev->next = next; else head = next;
      n->next = removed;
      removed = n;
    } else {
      prev = n;
    }
    n = next;
  }
  while (removed) {
    lnode_t *r = removed;
    removed = removed->next;
    lnode_t **link = &head;
    while (*link && (*link)->key < r->key) link = &(*link)->next;
    r->next = *link;
    *link = r;
  }
  for (lnode_t *n = head; n && n->next; n = n->next) bad += n->key > n->next->key;
  head = list_sort(head, 1);
  int j = 0;
  for (lnode_t *n = head; n && j < 32; n = n->next, j++) crc = crc_u16(crc, (uint16_t)(n->key ^ n->val));
  return crc_u16(crc, (uint16_t)bad);
}

/* ---------------- matrix ---------------- */
#define MN 24
static int16_t MA[MN][MN], MB[MN][MN];
static int32_t MC[MN][MN], MV[MN];

BENCH_KERNEL static uint16_t matrix_kernel(uint32_t iter, uint16_t crc) {
  uint32_t x = iter * 747796405u + 2891336453u;
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) {
      x = x * 1664525u + 1013904223u;
      MA[i][j] = (int16_t)((x >> 20) & 0x3FF) - 512;
      MB[i][j] = (int16_t)((x >> 9) & 0xFF) - 128;
    }
  int16_t c = (int16_t)(iter & 0xFF) | 1;
  /* add constant, multiply by constant */
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) MA[i][j] = (int16_t)(MA[i][j] + c);
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) MC[i][j] = (int32_t)MA[i][j] * c;
  int32_t acc = 0;
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) acc += MC[i][j] > 1000 ? 1 : 0;
  crc = crc_u32(crc, (uint32_t)acc);
  /* matrix * vector (a row of B as the vector) */
  for (int i = 0; i < MN; i++) {
    int32_t s = 0;
    for (int j = 0; j < MN; j++) s += (int32_t)MA[i][j] * MB[iter % MN][j];
    MV[i] = s;
  }
  for (int i = 0; i < MN; i++) crc = crc_u32(crc, (uint32_t)MV[i]);
  /* matrix * matrix */
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) {
      int32_t s = 0;
      for (int k = 0; k < MN; k++) s += (int32_t)MA[i][k] * MB[k][j];
      MC[i][j] = s;
    }
  /* bit-field extraction over the product */
  uint32_t bits = 0;
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) {
      uint32_t v = (uint32_t)MC[i][j];
      bits += ((v >> 2) & 0xF) * ((v >> 5) & 0x7F);
    }
  return crc_u32(crc, bits);
}

/* ---------------- state machine ---------------- */
#define TOK_TEXT 2048
static char stext[TOK_TEXT];

enum { S_START, S_SIGN, S_INT, S_DOT, S_FRAC, S_EXP, S_EXPSIGN, S_EXPNUM, S_ZERO, S_HEXX, S_HEX, S_BAD, S_COUNT };

static void fill_tokens(uint32_t iter) {
  static const char *const samples[] = {"123", "-45", "+7", "3.25", "-0.5", "1.5e-3", "2E+10", "0x1F", "0xabc",
                                        "12a", "-.", "1e", "0x", "99999", "0", "4.0e7", "--1", "7.7.7"};
  uint32_t x = iter * 2246822519u + 374761393u, n = 0;
  while (n < TOK_TEXT - 16) {
    x = x * 1103515245u + 12345u;
    const char *s = samples[(x >> 16) % 18];
    while (*s) stext[n++] = *s++;
    stext[n++] = ',';
  }
  stext[n] = 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

BENCH_KERNEL static uint16_t state_kernel(uint32_t iter, uint16_t crc) {
  fill_tokens(iter);
  uint32_t transitions[S_COUNT] = {0};
  uint32_t finals[S_COUNT] = {0};
  int state = S_START;
  for (const char *p = stext; *p; p++) {
    char ch = *p;
    int next;
    if (ch == ',') {
      finals[state]++;
      state = S_START;
      continue;
    }
    switch (state) {
      case S_START:
        next = ch == '+' || ch == '-' ? S_SIGN : ch == '0' ? S_ZERO : is_digit(ch) ? S_INT : S_BAD;
        break;
      case S_SIGN: next = is_digit(ch) ? S_INT : S_BAD; break;
      case S_ZERO: next = ch == 'x' || ch == 'X' ? S_HEXX : ch == '.' ? S_DOT : is_digit(ch) ? S_INT : S_BAD; break;
      case S_INT: next = is_digit(ch) ? S_INT : ch == '.' ? S_DOT : ch == 'e' || ch == 'E' ? S_EXP : S_BAD; break;
      case S_DOT: next = is_digit(ch) ? S_FRAC : S_BAD; break;
      case S_FRAC: next = is_digit(ch) ? S_FRAC : ch == 'e' || ch == 'E' ? S_EXP : S_BAD; break;
      case S_EXP: next = ch == '+' || ch == '-' ? S_EXPSIGN : is_digit(ch) ? S_EXPNUM : S_BAD; break;
      case S_EXPSIGN: next = is_digit(ch) ? S_EXPNUM : S_BAD; break;
      case S_EXPNUM: next = is_digit(ch) ? S_EXPNUM : S_BAD; break;
      case S_HEXX: next = is_hex(ch) ? S_HEX : S_BAD; break;
      case S_HEX: next = is_hex(ch) ? S_HEX : S_BAD; break;
      default: next = S_BAD; break;
    }
    if (next != state) transitions[next]++;
    state = next;
  }
  for (int s = 0; s < S_COUNT; s++) crc = crc_u32(crc, transitions[s] << 16 | finals[s]);
  return crc;
}

BENCH_RUN uint32_t run(void) {
  uint16_t crc = (uint16_t)bench_seed;
  uint32_t result = 0;
  for (uint32_t iter = 0; iter < REPS(4000); iter++) {
    crc = list_kernel(iter, crc);
    crc = matrix_kernel(iter, crc);
    crc = state_kernel(iter, crc);
    result = result * 33 + crc;
  }
  return result;
}
