// Helpers shared by the unit tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace witt::test {

// The root of the shared material (spec testsuite, WASI testsuite): the
// WITT_SHARED environment variable, else ../shared beside the source tree.
// Empty when absent: tests that need it skip with a message saying so.
std::optional<std::string> sharedDir();

// The repository's source directory.
std::string sourceDir();

std::vector<uint8_t> readFileBytes(const std::string& path);

}  // namespace witt::test
