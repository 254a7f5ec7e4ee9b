#include "cli.h"

namespace witt::cli {

int wastCommand(const Args&) { return fail(kUsage, "wast: not yet available"); }

}  // namespace witt::cli
