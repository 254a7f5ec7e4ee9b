// Loading test modules from text through the public API; a failure to load
// is reported as a test failure with the parser's message.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "witt/engine.h"

namespace witt::test {

inline Module load(std::string_view wat) {
  auto m = Module::fromText(wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().describe());
  return m.ok() ? *m : *Module::fromText("(module)");
}

}  // namespace witt::test
