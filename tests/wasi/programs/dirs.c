// Directories: create nested ones, list them (sorted: listing order is the
// host's), remove them, and the errors on the way.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char* what, int ok) {
  printf("%-28s %s\n", what, ok ? "ok" : strerror(errno));
}

static int compare(const void* a, const void* b) {
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

static void list(const char* path) {
  DIR* d = opendir(path);
  if (!d) {
    printf("ls %s: %s\n", path, strerror(errno));
    return;
  }
  char* names[256];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) && n < 256) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char* s = malloc(strlen(e->d_name) + 3);
    sprintf(s, "%s%s", e->d_name, e->d_type == DT_DIR ? "/" : "");
    names[n++] = s;
  }
  closedir(d);
  qsort(names, n, sizeof(char*), compare);
  printf("ls %s:", path);
  for (int i = 0; i < n; ++i) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

int main(void) {
  show("mkdir a", mkdir("a", 0755) == 0);
  show("mkdir a again", mkdir("a", 0755) == 0);
  show("mkdir a/b", mkdir("a/b", 0755) == 0);
  show("mkdir x/y (no x)", mkdir("x/y", 0755) == 0);
  for (int i = 0; i < 30; ++i) {
    char name[32];
    snprintf(name, sizeof name, "a/file%02d", i);
    FILE* f = fopen(name, "w");
    fprintf(f, "%d\n", i);
    fclose(f);
  }
  list("a");
  list(".");
  show("rmdir a (not empty)", rmdir("a") == 0);
  show("chdir a", chdir("a") == 0);
  list(".");
  show("rmdir b (relative)", rmdir("b") == 0);
  for (int i = 0; i < 30; ++i) {
    char name[32];
    snprintf(name, sizeof name, "file%02d", i);
    unlink(name);
  }
  // Back by an absolute path: wasi-libc keeps the working directory as a
  // string ("/a/.." after chdir("..")), and ".." is resolved against the
  // real directory, which is about to go.
  show("chdir /", chdir("/") == 0);
  show("rmdir a", rmdir("a") == 0);
  list(".");
  struct stat st;
  show("stat data", stat("data", &st) == 0);
  printf("data is a directory: %d\n", S_ISDIR(st.st_mode));
  return 0;
}
