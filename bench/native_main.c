/* native_main.c - driver for the native build of a benchmark workload.
 *
 * Calls the workload's run() once and prints its checksum on stdout as a
 * signed decimal integer of the result's width (the form node and
 * `wasmtime --invoke` print). The build defines BENCH_RESULT_BITS (32 or 64)
 * from the workload's declaration of run().
 *
 * If the environment variable BENCH_TIME_LOG names a file, the time spent in
 * run() (milliseconds) is appended to it, as bench/node_runner.mjs does.
 */
#define _POSIX_C_SOURCE 199309L
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef BENCH_RESULT_BITS
#error "BENCH_RESULT_BITS must be 32 or 64"
#endif

#if BENCH_RESULT_BITS == 64
uint64_t run(void);
#else
uint32_t run(void);
#endif

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(void) {
  double t0 = now_ms();
#if BENCH_RESULT_BITS == 64
  int64_t result = (int64_t)run();
#else
  int64_t result = (int32_t)run();
#endif
  double t1 = now_ms();
  printf("%" PRId64 "\n", result);
  const char *log = getenv("BENCH_TIME_LOG");
  if (log && *log) {
    FILE *f = fopen(log, "a");
    if (f) {
      fprintf(f, "%.3f\n", t1 - t0);
      fclose(f);
    }
  }
  return 0;
}
