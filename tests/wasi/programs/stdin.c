// Reads standard input to its end and reports lines, words and bytes, then
// echoes it upper-cased: exercises fd_read on stdin and fd_write on stdout.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  size_t cap = 1024, len = 0;
  char* data = malloc(cap);
  size_t n;
  while ((n = fread(data + len, 1, cap - len, stdin)) > 0) {
    len += n;
    if (len == cap) data = realloc(data, cap *= 2);
  }
  size_t lines = 0, words = 0;
  int inWord = 0;
  for (size_t i = 0; i < len; ++i) {
    if (data[i] == '\n') ++lines;
    if (isspace((unsigned char)data[i])) inWord = 0;
    else if (!inWord) inWord = 1, ++words;
  }
  printf("lines=%zu words=%zu bytes=%zu\n", lines, words, len);
  for (size_t i = 0; i < len; ++i) putchar(toupper((unsigned char)data[i]));
  fprintf(stderr, "done\n");
  free(data);
  return 0;
}
