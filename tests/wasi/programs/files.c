// Files in the preopened directory: create, write, append, read back, seek,
// truncate, stat, rename, unlink; each step prints what it saw.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char* what, int ok) {
  printf("%-28s %s\n", what, ok ? "ok" : strerror(errno));
}

static void cat(const char* path) {
  FILE* f = fopen(path, "r");
  if (!f) {
    printf("cat %s: %s\n", path, strerror(errno));
    return;
  }
  char buf[256];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  printf("cat %s: [%s]\n", path, buf);
  fclose(f);
}

int main(void) {
  FILE* f = fopen("notes.txt", "w");
  show("fopen w", f != NULL);
  fprintf(f, "first line\nsecond line\n");
  fclose(f);
  cat("notes.txt");

  f = fopen("notes.txt", "a");
  fputs("appended\n", f);
  fclose(f);
  cat("notes.txt");

  int fd = open("notes.txt", O_RDWR);
  show("open rdwr", fd >= 0);
  char buf[16] = {0};
  show("lseek 6", lseek(fd, 6, SEEK_SET) == 6);
  show("read 4", read(fd, buf, 4) == 4);
  printf("read: [%s]\n", buf);
  show("pwrite at 0", pwrite(fd, "FIRST", 5, 0) == 5);
  printf("offset after pwrite: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
  struct stat st;
  show("fstat", fstat(fd, &st) == 0);
  printf("size=%lld regular=%d\n", (long long)st.st_size, S_ISREG(st.st_mode));
  show("ftruncate 11", ftruncate(fd, 11) == 0);
  close(fd);
  cat("notes.txt");

  show("rename", rename("notes.txt", "renamed.txt") == 0);
  show("stat old name", stat("notes.txt", &st) == 0);
  show("stat new name", stat("renamed.txt", &st) == 0);
  show("open existing excl", open("renamed.txt", O_CREAT | O_EXCL | O_WRONLY, 0644) >= 0);
  show("unlink", unlink("renamed.txt") == 0);
  show("unlink again", unlink("renamed.txt") == 0);
  show("open missing", open("missing.txt", O_RDONLY) >= 0);
  cat("data/input.txt");
  show("open dir for writing", open("data", O_WRONLY) >= 0);
  return 0;
}
