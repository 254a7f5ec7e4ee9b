/* json: generate a JSON document, then tokenize and parse it repeatedly.
 *
 * The generator writes ~200 KiB of nested objects and arrays: keys, strings
 * with escapes (\n, \", \\, \u00e9 ...), integers, decimals with exponents,
 * true/false/null. The parser is a recursive-descent parser over a
 * hand-written tokenizer; it decodes strings (including \u escapes to UTF-8)
 * into a scratch buffer, converts numbers to fixed-point integers (no
 * floating point, so results are exact everywhere) and keeps statistics:
 * value counts per type, a hash of all keys and strings, the sum of numbers
 * and the maximum depth. Each repetition edits one digit of the text.
 */
#include "bench.h"

#define TEXT_CAP (220 * 1024)
#define MAX_DEPTH 64

static char text[TEXT_CAP];
static uint32_t text_len;
static char scratch[4096];

/* ---------------- generator ---------------- */
static rng_t grng;

static void put(char c) {
  if (text_len < TEXT_CAP - 1) text[text_len++] = c;
}
static void puts_(const char *s) {
  while (*s) put(*s++);
}
static void put_uint(uint32_t v) {
  char t[12];
  int k = 0;
  do { t[k++] = (char)('0' + v % 10); v /= 10; } while (v);
  while (k) put(t[--k]);
}
static void gen_string(void) {
  put('"');
  uint32_t n = 1 + rng_below(&grng, 14);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t c = rng_below(&grng, 40);
    if (c < 26) put((char)('a' + c));
    else if (c < 30) put(' ');
    else if (c == 30) puts_("\\n");
    else if (c == 31) puts_("\\\"");
    else if (c == 32) puts_("\\\\");
    else if (c == 33) puts_("\\u00e9");
    else if (c == 34) puts_("\\u20ac");
    else put((char)('A' + c - 35));
  }
  put('"');
}
static void gen_number(void) {
  uint32_t kind = rng_below(&grng, 4);
  if (rng_below(&grng, 3) == 0) put('-');
  put_uint(rng_u32(&grng) % (kind == 0 ? 10 : 100000));
  if (kind >= 2) {
    put('.');
    put_uint(rng_below(&grng, 1000));
  }
  if (kind == 3) {
    put('e');
    if (rng_below(&grng, 2)) put('-');
    put_uint(rng_below(&grng, 3));
  }
}
static void gen_value(int depth);
static void gen_container(int depth, int object) {
  put(object ? '{' : '[');
  uint32_t n = rng_below(&grng, depth < 3 ? 12 : 6);
  for (uint32_t i = 0; i < n; i++) {
    if (i) put(',');
    if (rng_below(&grng, 4) == 0) put(' ');
    if (object) {
      gen_string();
      put(':');
    }
    gen_value(depth + 1);
  }
  put(object ? '}' : ']');
}
static void gen_value(int depth) {
  uint32_t c = rng_below(&grng, depth > 6 ? 6 : 10);
  switch (c) {
    case 0: case 1: gen_string(); break;
    case 2: case 3: case 4: gen_number(); break;
    case 5: puts_(rng_below(&grng, 3) ? (rng_below(&grng, 2) ? "true" : "false") : "null"); break;
    case 6: case 7: gen_container(depth, 1); break;
    default: gen_container(depth, 0); break;
  }
}
static void generate(uint32_t seed) {
  grng = rng_make(seed);
  text_len = 0;
  put('[');
  for (int i = 0; text_len < TEXT_CAP - 8192; i++) {
    if (i) puts_(",\n");
    gen_container(0, 1);
  }
  put(']');
  text[text_len] = 0;
}

/* ---------------- tokenizer + parser ---------------- */
enum { T_EOF, T_LBRACE, T_RBRACE, T_LBRACK, T_RBRACK, T_COLON, T_COMMA,
       T_STRING, T_NUMBER, T_TRUE, T_FALSE, T_NULL, T_ERROR };

typedef struct {
  const char *p, *end;
  int tok;
  uint32_t slen;     /* decoded string length in scratch */
  int64_t num;       /* number in millionths */
  /* statistics */
  uint32_t counts[T_ERROR + 1];
  uint32_t hash;
  int64_t numsum;
  int maxdepth;
  int error;
} parser_t;

static void put_utf8(parser_t *ps, uint32_t cp) {
  if (ps->slen + 4 >= sizeof scratch) return;
  char *o = scratch + ps->slen;
  if (cp < 0x80) { o[0] = (char)cp; ps->slen += 1; }
  else if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 63)); ps->slen += 2; }
  else {
    o[0] = (char)(0xE0 | cp >> 12); o[1] = (char)(0x80 | ((cp >> 6) & 63));
    o[2] = (char)(0x80 | (cp & 63)); ps->slen += 3;
  }
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void lex_string(parser_t *ps) {
  const char *p = ps->p + 1;
  ps->slen = 0;
  for (;;) {
    if (p >= ps->end) { ps->tok = T_ERROR; return; }
    char c = *p++;
    if (c == '"') break;
    if (c == '\\') {
      char e = *p++;
      uint32_t cp;
      switch (e) {
        case 'n': cp = '\n'; break;
        case 't': cp = '\t'; break;
        case '"': cp = '"'; break;
        case '\\': cp = '\\'; break;
        case '/': cp = '/'; break;
        case 'u': {
          cp = 0;
          for (int k = 0; k < 4; k++) {
            int h = hexval(*p++);
            if (h < 0) { ps->tok = T_ERROR; return; }
            cp = cp << 4 | (uint32_t)h;
          }
          break;
        }
        default: ps->tok = T_ERROR; return;
      }
      put_utf8(ps, cp);
    } else if (ps->slen < sizeof scratch - 1) {
      scratch[ps->slen++] = c;
    }
  }
  ps->p = p;
  ps->tok = T_STRING;
}

static void lex_number(parser_t *ps) {
  const char *p = ps->p;
  int neg = 0;
  if (*p == '-') { neg = 1; p++; }
  if (*p < '0' || *p > '9') { ps->tok = T_ERROR; return; }
  int64_t ip = 0;
  while (*p >= '0' && *p <= '9') ip = ip * 10 + (*p++ - '0');
  int64_t frac = 0; /* millionths */
  if (*p == '.') {
    p++;
    int64_t scale = 100000;
    while (*p >= '0' && *p <= '9') { frac += (*p++ - '0') * scale; scale /= 10; }
  }
  int64_t v = ip * 1000000 + frac;
  if (*p == 'e' || *p == 'E') {
    p++;
    int eneg = 0;
    if (*p == '+' || *p == '-') eneg = *p++ == '-';
    int e = 0;
    while (*p >= '0' && *p <= '9') e = e * 10 + (*p++ - '0');
    for (int k = 0; k < e && k < 9; k++) v = eneg ? v / 10 : v * 10;
  }
  ps->num = neg ? -v : v;
  ps->p = p;
  ps->tok = T_NUMBER;
}

static int match_word(parser_t *ps, const char *w, int tok) {
  const char *p = ps->p;
  while (*w) if (*p++ != *w++) return T_ERROR;
  ps->p = p;
  return tok;
}

static void next(parser_t *ps) {
  const char *p = ps->p;
  while (p < ps->end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')) p++;
  ps->p = p;
  if (p >= ps->end) { ps->tok = T_EOF; return; }
  switch (*p) {
    case '{': ps->p++; ps->tok = T_LBRACE; break;
    case '}': ps->p++; ps->tok = T_RBRACE; break;
    case '[': ps->p++; ps->tok = T_LBRACK; break;
    case ']': ps->p++; ps->tok = T_RBRACK; break;
    case ':': ps->p++; ps->tok = T_COLON; break;
    case ',': ps->p++; ps->tok = T_COMMA; break;
    case '"': lex_string(ps); break;
    case 't': ps->tok = match_word(ps, "true", T_TRUE); break;
    case 'f': ps->tok = match_word(ps, "false", T_FALSE); break;
    case 'n': ps->tok = match_word(ps, "null", T_NULL); break;
    default: lex_number(ps); break;
  }
  ps->counts[ps->tok]++;
}

static void hash_scratch(parser_t *ps, uint32_t salt) {
  uint32_t h = ps->hash ^ salt;
  for (uint32_t i = 0; i < ps->slen; i++) h = (h ^ (uint8_t)scratch[i]) * 16777619u;
  ps->hash = h;
}

static void parse_value(parser_t *ps, int depth);

static void parse_container(parser_t *ps, int depth, int object) {
  int close = object ? T_RBRACE : T_RBRACK;
  if (depth > ps->maxdepth) ps->maxdepth = depth;
  next(ps);
  if (ps->tok == close) { next(ps); return; }
  for (;;) {
    if (object) {
      if (ps->tok != T_STRING) { ps->error++; return; }
      hash_scratch(ps, 0x4B);
      next(ps);
      if (ps->tok != T_COLON) { ps->error++; return; }
      next(ps);
    }
    parse_value(ps, depth + 1);
    if (ps->error) return;
    if (ps->tok == T_COMMA) { next(ps); continue; }
    if (ps->tok == close) { next(ps); return; }
    ps->error++;
    return;
  }
}

static void parse_value(parser_t *ps, int depth) {
  if (depth > MAX_DEPTH) { ps->error++; return; }
  switch (ps->tok) {
    case T_LBRACE: parse_container(ps, depth, 1); break;
    case T_LBRACK: parse_container(ps, depth, 0); break;
    case T_STRING: hash_scratch(ps, 0x53); next(ps); break;
    case T_NUMBER: ps->numsum += ps->num; next(ps); break;
    case T_TRUE: case T_FALSE: case T_NULL: next(ps); break;
    default: ps->error++; break;
  }
}

BENCH_KERNEL static uint64_t parse_all(void) {
  parser_t ps;
  for (int i = 0; i <= T_ERROR; i++) ps.counts[i] = 0;
  ps.p = text;
  ps.end = text + text_len;
  ps.hash = 2166136261u;
  ps.numsum = 0;
  ps.maxdepth = 0;
  ps.error = 0;
  next(&ps);
  parse_value(&ps, 0);
  if (ps.tok != T_EOF) ps.error++;
  uint64_t h = mix64(ps.hash, (uint64_t)ps.numsum);
  for (int i = 0; i <= T_ERROR; i++) h = mix64(h, ps.counts[i]);
  return mix64(h, (uint64_t)ps.maxdepth << 8 | (uint64_t)ps.error);
}

BENCH_RUN uint64_t run(void) {
  generate(bench_seed);
  uint64_t sum = 0;
  rng_t r = rng_make(3);
  for (int rep = 0; rep < REPS(450); rep++) {
    /* Change one digit somewhere (digits stay digits: the text stays valid). */
    for (int tries = 0; tries < 64; tries++) {
      uint32_t at = rng_below(&r, text_len);
      if (text[at] >= '1' && text[at] <= '8') { text[at]++; break; }
    }
    sum = mix64(sum, parse_all());
  }
  return sum;
}
