// Module-level validation of memory types with custom page sizes
// (https://github.com/WebAssembly/custom-page-sizes): the page size must be 1
// or 65536 bytes, and the limits are bounded in pages of that size.
#include "validate/module_validator.h"

#include <gtest/gtest.h>

#include <string>

namespace witt::validate {
namespace {

spec::Module withMemory(uint64_t min, std::optional<uint64_t> max, uint32_t pageSizeLog2,
                        bool is64 = false) {
  spec::Module m;
  MemoryType mt;
  mt.limits.min = min;
  mt.limits.max = max;
  mt.limits.is64 = is64;
  mt.pageSizeLog2 = pageSizeLog2;
  mt.explicitPageSize = true;
  m.memories.push_back(mt);
  return m;
}

std::string invalidMessage(const spec::Module& m) {
  auto r = validateModule(m);
  if (r.ok()) return "valid";
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid) << r.error().describe();
  return r.error().message;
}

TEST(CustomPageSizes, OneAnd65536AreTheValidPageSizes) {
  EXPECT_EQ(invalidMessage(withMemory(1, std::nullopt, 0)), "valid");
  EXPECT_EQ(invalidMessage(withMemory(1, 2, 16)), "valid");
  EXPECT_EQ(invalidMessage(withMemory(1, 2, 0, true)), "valid");
  for (uint32_t p : {1u, 2u, 8u, 15u, 17u, 31u, 32u, 63u, 64u})
    EXPECT_EQ(invalidMessage(withMemory(0, std::nullopt, p)), "invalid custom page size") << p;
}

TEST(CustomPageSizes, ImportedMemoriesAreCheckedToo) {
  spec::Module m;
  spec::Import im;
  im.module = "a";
  im.field = "b";
  im.kind = ExternKind::Memory;
  im.memory.pageSizeLog2 = 3;
  m.imports.push_back(im);
  m.numImportedMemories = 1;
  EXPECT_EQ(invalidMessage(m), "invalid custom page size");
  m.imports[0].memory.pageSizeLog2 = 0;
  m.imports[0].memory.limits.min = 0xFFFFFFFF;
  EXPECT_EQ(invalidMessage(m), "valid");
}

TEST(CustomPageSizes, Memory32LimitsInOneBytePages) {
  // 2^32 - 1 one-byte pages at most (memory.size must stay apart from -1).
  EXPECT_EQ(invalidMessage(withMemory(0xFFFFFFFF, std::nullopt, 0)), "valid");
  EXPECT_EQ(invalidMessage(withMemory(0, 0xFFFFFFFF, 0)), "valid");
  EXPECT_NE(invalidMessage(withMemory(uint64_t{1} << 32, std::nullopt, 0))
                .find("memory size must be at most"),
            std::string::npos);
  EXPECT_NE(invalidMessage(withMemory(0, uint64_t{1} << 32, 0)).find("memory size must be at most"),
            std::string::npos);
  // The default page size keeps its bound of 65536 pages, written out or not.
  EXPECT_EQ(invalidMessage(withMemory(65536, std::nullopt, 16)), "valid");
  EXPECT_NE(invalidMessage(withMemory(65537, std::nullopt, 16)).find("memory size must be at most"),
            std::string::npos);
  EXPECT_EQ(invalidMessage(withMemory(2, 1, 0)), "size minimum must not be greater than maximum");
}

TEST(CustomPageSizes, Memory64LimitsInOneBytePages) {
  EXPECT_EQ(invalidMessage(withMemory(~uint64_t{0}, std::nullopt, 0, true)), "valid");
  EXPECT_EQ(invalidMessage(withMemory(0, ~uint64_t{0}, 0, true)), "valid");
  EXPECT_EQ(invalidMessage(withMemory(uint64_t{1} << 48, std::nullopt, 16, true)), "valid");
  EXPECT_NE(invalidMessage(withMemory((uint64_t{1} << 48) + 1, std::nullopt, 16, true))
                .find("memory size must be at most"),
            std::string::npos);
}

TEST(CustomPageSizes, MaxMemoryPages) {
  MemoryType mt;
  EXPECT_EQ(maxMemoryPages(mt), 65536u);
  mt.pageSizeLog2 = 0;
  EXPECT_EQ(maxMemoryPages(mt), 0xFFFFFFFFu);
  mt.limits.is64 = true;
  EXPECT_EQ(maxMemoryPages(mt), ~uint64_t{0});
  mt.pageSizeLog2 = 16;
  EXPECT_EQ(maxMemoryPages(mt), uint64_t{1} << 48);
}

}  // namespace
}  // namespace witt::validate
