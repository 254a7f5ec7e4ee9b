/* vm: a small stack-based bytecode interpreter running three programs.
 *
 * The bytecode (28 opcodes: stack, arithmetic, comparisons, jumps,
 * locals, a data memory, call/return with frames) is produced at run time by
 * a tiny assembler with label fix-ups, then executed by a switch-dispatch
 * loop. Programs:
 *   1. sieve of Eratosthenes up to 30,000 in the VM's data memory;
 *   2. sum of Collatz chain lengths for 1..3,000;
 *   3. recursive Fibonacci fib(20) through CALL/RET.
 * The checksum combines the programs' results and the instruction count.
 */
#include "bench.h"

enum {
  OP_HALT, OP_PUSH, OP_POP, OP_DUP, OP_SWAP, OP_OVER,
  OP_ADD, OP_SUB, OP_MUL, OP_DIVU, OP_REMU, OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHRU,
  OP_LT, OP_EQ, OP_JMP, OP_JZ, OP_JNZ,
  OP_GETL, OP_SETL, OP_LOADM, OP_STOREM, OP_CALL, OP_RET, OP_INC
};

#define CODE_MAX 1024
#define STACK_MAX 4096
#define MEM_WORDS 32768
#define FRAMES_MAX 512

static int32_t code[CODE_MAX];
static int32_t ncode;
static int32_t stack[STACK_MAX];
static int32_t mem[MEM_WORDS];

/* --- assembler --- */
static int32_t labels[64];
static int32_t fixups[128][2]; /* code position, label */
static int32_t nfix;

static void asm_reset(void) {
  ncode = 0;
  nfix = 0;
  for (int i = 0; i < 64; i++) labels[i] = -1;
}
static void op(int32_t o) { code[ncode++] = o; }
static void op1(int32_t o, int32_t imm) { code[ncode++] = o; code[ncode++] = imm; }
static void label(int32_t l) { labels[l] = ncode; }
static void jump(int32_t o, int32_t l) {
  code[ncode++] = o;
  fixups[nfix][0] = ncode;
  fixups[nfix][1] = l;
  nfix++;
  code[ncode++] = 0;
}
static void call(int32_t l, int32_t nargs, int32_t nlocals) {
  jump(OP_CALL, l);
  code[ncode++] = nargs;
  code[ncode++] = nlocals;
}
static void asm_link(void) {
  for (int32_t i = 0; i < nfix; i++) code[fixups[i][0]] = labels[fixups[i][1]];
}

/* --- interpreter --- */
typedef struct { int32_t ret_pc, base, sp_after; } frame_t;
static frame_t frames[FRAMES_MAX];
static uint64_t executed;

/* Locals live on the value stack at [base, base + nlocals); CALL pops nargs
 * arguments into the first locals of the new frame; RET leaves one value. */
BENCH_KERNEL static int32_t execute(int32_t nlocals_main) {
  int32_t pc = 0, sp = nlocals_main, base = 0, fp = 0;
  for (int32_t i = 0; i < nlocals_main; i++) stack[i] = 0;
  uint64_t count = 0;
  for (;;) {
    count++;
    int32_t o = code[pc++];
    switch (o) {
      case OP_HALT: executed += count; return stack[sp - 1];
      case OP_PUSH: stack[sp++] = code[pc++]; break;
      case OP_POP: sp--; break;
      case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case OP_SWAP: { int32_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
      case OP_OVER: stack[sp] = stack[sp - 2]; sp++; break;
      case OP_ADD: sp--; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] + (uint32_t)stack[sp]); break;
      case OP_SUB: sp--; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] - (uint32_t)stack[sp]); break;
      case OP_MUL: sp--; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] * (uint32_t)stack[sp]); break;
      case OP_DIVU: sp--; stack[sp - 1] = stack[sp] ? (int32_t)((uint32_t)stack[sp - 1] / (uint32_t)stack[sp]) : 0; break;
      case OP_REMU: sp--; stack[sp - 1] = stack[sp] ? (int32_t)((uint32_t)stack[sp - 1] % (uint32_t)stack[sp]) : 0; break;
      case OP_AND: sp--; stack[sp - 1] &= stack[sp]; break;
      case OP_OR: sp--; stack[sp - 1] |= stack[sp]; break;
      case OP_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
      case OP_SHL: sp--; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] << (stack[sp] & 31)); break;
      case OP_SHRU: sp--; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] >> (stack[sp] & 31)); break;
      case OP_LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case OP_EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
      case OP_JMP: pc = code[pc]; break;
      case OP_JZ: sp--; pc = stack[sp] == 0 ? code[pc] : pc + 1; break;
      case OP_JNZ: sp--; pc = stack[sp] != 0 ? code[pc] : pc + 1; break;
      case OP_GETL: stack[sp++] = stack[base + code[pc++]]; break;
      case OP_SETL: stack[base + code[pc++]] = stack[--sp]; break;
      case OP_INC: stack[base + code[pc]] += code[pc + 1]; pc += 2; break;
      case OP_LOADM: stack[sp - 1] = mem[(uint32_t)stack[sp - 1] % MEM_WORDS]; break;
      case OP_STOREM: sp -= 2; mem[(uint32_t)stack[sp] % MEM_WORDS] = stack[sp + 1]; break;
      case OP_CALL: {
        int32_t target = code[pc], nargs = code[pc + 1], nlocals = code[pc + 2];
        if (fp == FRAMES_MAX || sp + nlocals + 64 > STACK_MAX) { executed += count; return -1; }
        frames[fp].ret_pc = pc + 3;
        frames[fp].base = base;
        frames[fp].sp_after = sp - nargs;
        fp++;
        base = sp - nargs;
        for (int32_t i = nargs; i < nlocals; i++) stack[base + i] = 0;
        sp = base + nlocals;
        pc = target;
        break;
      }
      case OP_RET: {
        int32_t v = stack[sp - 1];
        fp--;
        pc = frames[fp].ret_pc;
        base = frames[fp].base;
        sp = frames[fp].sp_after;
        stack[sp++] = v;
        break;
      }
      default: executed += count; return -2;
    }
  }
}

/* Program 1: count primes below n with a sieve. locals: 0=i 1=j 2=count */
static void build_sieve(int32_t n) {
  asm_reset();
  enum { L_CLR, L_CLR_END, L_OUTER, L_OUTER_END, L_SKIP, L_INNER, L_INNER_END };
  op1(OP_PUSH, 0); op1(OP_SETL, 0);
  label(L_CLR);                                   /* for i in 0..n: mem[i] = 0 */
  op1(OP_GETL, 0); op1(OP_PUSH, n); op(OP_LT); jump(OP_JZ, L_CLR_END);
  op1(OP_GETL, 0); op1(OP_PUSH, 0); op(OP_STOREM);
  code[ncode++] = OP_INC; code[ncode++] = 0; code[ncode++] = 1;
  jump(OP_JMP, L_CLR);
  label(L_CLR_END);
  op1(OP_PUSH, 2); op1(OP_SETL, 0);
  label(L_OUTER);                                 /* for i in 2..n */
  op1(OP_GETL, 0); op1(OP_PUSH, n); op(OP_LT); jump(OP_JZ, L_OUTER_END);
  op1(OP_GETL, 0); op(OP_LOADM); jump(OP_JNZ, L_SKIP);
  code[ncode++] = OP_INC; code[ncode++] = 2; code[ncode++] = 1;  /* count++ */
  op1(OP_GETL, 0); op(OP_DUP); op(OP_MUL); op1(OP_SETL, 1);     /* j = i*i */
  label(L_INNER);
  op1(OP_GETL, 1); op1(OP_PUSH, n); op(OP_LT); jump(OP_JZ, L_INNER_END);
  op1(OP_GETL, 1); op1(OP_PUSH, 1); op(OP_STOREM);
  op1(OP_GETL, 1); op1(OP_GETL, 0); op(OP_ADD); op1(OP_SETL, 1);
  jump(OP_JMP, L_INNER);
  label(L_INNER_END);
  label(L_SKIP);
  code[ncode++] = OP_INC; code[ncode++] = 0; code[ncode++] = 1;
  jump(OP_JMP, L_OUTER);
  label(L_OUTER_END);
  op1(OP_GETL, 2); op(OP_HALT);
  asm_link();
}

/* Program 2: sum over k in 1..n of the Collatz chain length of k.
 * locals: 0=k 1=x 2=total */
static void build_collatz(int32_t n) {
  asm_reset();
  enum { L_K, L_K_END, L_X, L_X_END, L_ODD, L_NEXT };
  op1(OP_PUSH, 1); op1(OP_SETL, 0);
  label(L_K);
  op1(OP_GETL, 0); op1(OP_PUSH, n + 1); op(OP_LT); jump(OP_JZ, L_K_END);
  op1(OP_GETL, 0); op1(OP_SETL, 1);
  label(L_X);
  op1(OP_GETL, 1); op1(OP_PUSH, 1); op(OP_EQ); jump(OP_JNZ, L_X_END);
  code[ncode++] = OP_INC; code[ncode++] = 2; code[ncode++] = 1;
  op1(OP_GETL, 1); op1(OP_PUSH, 1); op(OP_AND); jump(OP_JNZ, L_ODD);
  op1(OP_GETL, 1); op1(OP_PUSH, 1); op(OP_SHRU); op1(OP_SETL, 1);
  jump(OP_JMP, L_NEXT);
  label(L_ODD);
  op1(OP_GETL, 1); op1(OP_PUSH, 3); op(OP_MUL); op1(OP_PUSH, 1); op(OP_ADD); op1(OP_SETL, 1);
  label(L_NEXT);
  jump(OP_JMP, L_X);
  label(L_X_END);
  code[ncode++] = OP_INC; code[ncode++] = 0; code[ncode++] = 1;
  jump(OP_JMP, L_K);
  label(L_K_END);
  op1(OP_GETL, 2); op(OP_HALT);
  asm_link();
}

/* Program 3: fib(n) by naive recursion. fib(n): local 0 = n. */
static void build_fib(int32_t n) {
  asm_reset();
  enum { L_FIB, L_BASE };
  op1(OP_PUSH, n); call(L_FIB, 1, 1); op(OP_HALT);
  label(L_FIB);
  op1(OP_GETL, 0); op1(OP_PUSH, 2); op(OP_LT); jump(OP_JNZ, L_BASE);
  op1(OP_GETL, 0); op1(OP_PUSH, 1); op(OP_SUB); call(L_FIB, 1, 1);
  op1(OP_GETL, 0); op1(OP_PUSH, 2); op(OP_SUB); call(L_FIB, 1, 1);
  op(OP_ADD); op(OP_RET);
  label(L_BASE);
  op1(OP_GETL, 0); op(OP_RET);
  asm_link();
}

BENCH_RUN uint64_t run(void) {
  uint64_t sum = 0;
  int32_t jitter = (int32_t)(bench_seed & 1); /* 0, but unknown at compile time */
  executed = 0;
  for (int rep = 0; rep < REPS(80); rep++) {
    build_sieve(30000 + rep + jitter);
    sum = mix64(sum, (uint32_t)execute(3));
    build_collatz(3000 + rep);
    sum = mix64(sum, (uint32_t)execute(3));
    build_fib(20 + (rep & 1));
    sum = mix64(sum, (uint32_t)execute(0));
  }
  return mix64(sum, executed);
}
