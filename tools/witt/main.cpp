// witt CLI entry point (placeholder until the engine lands).
#include <cstdio>

int main() {
  std::puts("witt " WITT_VERSION);
  return 0;
}
