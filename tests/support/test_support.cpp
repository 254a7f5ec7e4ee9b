#include "support/test_support.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace witt::test {

std::optional<std::string> sharedDir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("WITT_SHARED"); env && *env) {
    if (fs::is_directory(env)) return std::string(env);
    return std::nullopt;
  }
  fs::path p = fs::path(WITT_SHARED_DEFAULT);
  if (fs::is_directory(p)) return fs::canonical(p).string();
  return std::nullopt;
}

std::string sourceDir() { return WITT_SOURCE_DIR; }

std::vector<uint8_t> readFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace witt::test
