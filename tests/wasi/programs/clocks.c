// Clocks: realtime is plausible, monotonic does not go back, a sleep takes
// at least as long as asked, resolutions are positive. Prints only verdicts,
// so that every host prints the same.
#include <stdio.h>
#include <time.h>
#include <wasi/api.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
  struct timespec a, b, res;
  clock_gettime(CLOCK_REALTIME, &a);
  printf("realtime after 2020: %s\n", a.tv_sec > 1577836800 ? "yes" : "no");
  clock_gettime(CLOCK_MONOTONIC, &a);
  struct timespec nap = {0, 20 * 1000 * 1000};
  nanosleep(&nap, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("monotonic advanced by the sleep: %s\n", ns(b) - ns(a) >= 20 * 1000 * 1000 ? "yes" : "no");
  int ok = 1;
  for (int i = 0; i < 1000; ++i) {
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (ns(b) < ns(a)) ok = 0;
  }
  printf("monotonic never goes back: %s\n", ok ? "yes" : "no");
  clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC};
  for (int i = 0; i < 2; ++i) {
    int r = clock_getres(ids[i], &res);
    printf("clock %d resolution positive: %s\n", i, r == 0 && ns(res) > 0 ? "yes" : "no");
  }
  // CPU time, through the WASI call itself (wasi-libc's clock() is opt-in).
  __wasi_timestamp_t c0 = 0, c1 = 0;
  int e0 = __wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 1, &c0);
  volatile double x = 0;
  for (int i = 0; i < 2000000; ++i) x = x + i;
  int e1 = __wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 1, &c1);
  printf("process cpu time advances: %s\n", e0 == 0 && e1 == 0 && c1 > c0 ? "yes" : "no");
  printf("time() agrees with realtime: %s\n", time(NULL) >= a.tv_sec - 1 ? "yes" : "no");
  return 0;
}
