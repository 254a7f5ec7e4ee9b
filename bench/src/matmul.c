/* matmul: dense double-precision matrix multiplication.
 *
 * C = A * B for 160x160 matrices, two ways: the cache-friendly i-k-j loop
 * order (row of B streamed, C row accumulated) and a dot-product form over
 * the transpose of B. Each repetition feeds the result back (A = C scaled),
 * so the values keep changing. The checksum is built from the exact bit
 * patterns of selected results, so any difference in rounding shows.
 */
#include "bench.h"

#define N 160

static double A[N][N], B[N][N], BT[N][N], C[N][N], D[N][N];

static uint64_t bits_of(double x) {
  union { double d; uint64_t u; } v;
  v.d = x;
  return v.u;
}

BENCH_KERNEL static void mul_ikj(void) {
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) C[i][j] = 0.0;
    for (int k = 0; k < N; k++) {
      double a = A[i][k];
      for (int j = 0; j < N; j++) C[i][j] += a * B[k][j];
    }
  }
}

BENCH_KERNEL static void mul_dot(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) BT[j][i] = B[i][j];
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      double s0 = 0.0, s1 = 0.0;
      for (int k = 0; k < N; k += 2) {
        s0 += A[i][k] * BT[j][k];
        s1 += A[i][k + 1] * BT[j][k + 1];
      }
      D[i][j] = s0 + s1;
    }
  }
}

BENCH_RUN uint64_t run(void) {
  rng_t r = rng_make(bench_seed);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      A[i][j] = (double)(int32_t)(rng_u32(&r) % 2001 - 1000) / 1024.0;
      B[i][j] = (double)(int32_t)(rng_u32(&r) % 2001 - 1000) / 4096.0 + (i == j ? 1.0 : 0.0);
    }
  uint64_t sum = 0;
  for (int rep = 0; rep < REPS(280); rep++) {
    mul_ikj();
    mul_dot();
    /* Renormalise so values stay in a sensible range, and feed back. */
    double maxabs = 0.0;
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) {
        double v = C[i][j] < 0 ? -C[i][j] : C[i][j];
        if (v > maxabs) maxabs = v;
      }
    double scale = maxabs > 0.0 ? 1.0 / maxabs : 1.0;
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) A[i][j] = C[i][j] * scale + D[i][j] * 1e-3 * scale;
    sum = mix64(sum, bits_of(C[rep % N][(rep * 7) % N]));
    sum = mix64(sum, bits_of(D[(rep * 3) % N][rep % N]));
    sum = mix64(sum, bits_of(scale));
  }
  return sum;
}
