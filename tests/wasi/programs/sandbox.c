// Ways out of the preopened directory: none of them opens anything.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void try(const char* path) {
  int fd = open(path, O_RDONLY);
  printf("open %-24s %s\n", path, fd >= 0 ? "OPENED" : "refused");
  if (fd >= 0) close(fd);
}

int main(void) {
  try("../outside.txt");
  try("data/../../outside.txt");
  try("/../outside.txt");
  try("data/input.txt");
  try("/data/input.txt");
  return 0;
}
