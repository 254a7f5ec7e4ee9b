#include "run_extension.h"

#include <cstring>

namespace witt::cli {

std::vector<std::unique_ptr<RunExtension>> makeRunExtensions() {
  std::vector<std::unique_ptr<RunExtension>> v;
  v.push_back(makeLimitsExtension());
  v.push_back(makeTraceExtension());
  v.push_back(makeMarksExtension());
  { extern std::unique_ptr<RunExtension> makeProfileExtension(); v.push_back(makeProfileExtension()); }  // run_profile.cpp
  return v;
}

std::optional<std::string> optionValue(const Args& args, size_t& i, const char* name, bool& missing) {
  const std::string& a = args[i];
  size_t n = std::strlen(name);
  if (a.compare(0, n, name) != 0) return std::nullopt;
  if (a.size() == n) {
    if (i + 1 >= args.size()) {
      missing = true;
      return std::nullopt;
    }
    return args[++i];
  }
  if (a[n] == '=') return a.substr(n + 1);
  return std::nullopt;
}

}  // namespace witt::cli
