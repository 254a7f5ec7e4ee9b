// Prints its arguments and its environment (sorted), then exits with the
// number of arguments: exercises args_* and environ_* and the exit code.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

static int compare(const void* a, const void* b) {
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; ++i) printf("argv[%d]=\"%s\"\n", i, argv[i]);
  size_t n = 0;
  while (environ[n]) ++n;
  char** sorted = malloc((n + 1) * sizeof(char*));
  memcpy(sorted, environ, n * sizeof(char*));
  qsort(sorted, n, sizeof(char*), compare);
  printf("environ: %zu\n", n);
  for (size_t i = 0; i < n; ++i) printf("  %s\n", sorted[i]);
  const char* greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting ? greeting : "(unset)");
  free(sorted);
  return argc - 1;
}
