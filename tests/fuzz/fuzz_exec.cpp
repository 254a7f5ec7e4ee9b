// libFuzzer target: decode, instantiate with stubbed imports, and call every
// export with zero arguments under a fuel limit.
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  witt::fuzz::instantiateAndRun({data, size});
  return 0;
}
