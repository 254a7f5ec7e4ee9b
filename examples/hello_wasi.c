// A small WASI program: greets, and prints its arguments.
//   clang --target=wasm32-wasi -O2 -o hello_wasi.wasm hello_wasi.c
//   witt run examples/hello_wasi.wasm -- a b
#include <stdio.h>

int main(int argc, char** argv) {
  printf("Hello from WASI! I am %s.\n", argv[0]);
  if (argc == 1) printf("I was given no arguments.\n");
  for (int i = 1; i < argc; ++i) printf("argument %d: %s\n", i, argv[i]);
  return 0;
}
