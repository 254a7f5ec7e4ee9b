// libFuzzer target: WASI path resolution beneath a sandbox directory.
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  witt::fuzz::resolveWasiPath({data, size});
  return 0;
}
