// Helpers to write binary modules by hand in the decoder tests: LEB128s,
// names, sections with their sizes computed, the module header. Kept minimal
// on purpose: the tests spell out every other byte, with the WAT in a comment.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "binary/module_decoder.h"

namespace witt::test {

using Bytes = std::vector<uint8_t>;

// Unsigned LEB128 in its shortest form.
inline Bytes leb(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v != 0) b |= 0x80;
    out.push_back(b);
  } while (v != 0);
  return out;
}

// Byte by byte: GCC 12 at -O3 reports false -Warray-bounds on vector range
// inserts (https://gcc.gnu.org/bugzilla/show_bug.cgi?id=107852).
inline void append(Bytes& out, const Bytes& part) {
  for (uint8_t b : part) out.push_back(b);
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) append(out, p);
  return out;
}

// name ::= vec(byte)
inline Bytes name(std::string_view s) {
  Bytes out = leb(s.size());
  for (char c : s) out.push_back(static_cast<uint8_t>(c));
  return out;
}

// section ::= id size content
inline Bytes section(uint8_t id, const Bytes& content) {
  return cat({Bytes{id}, leb(content.size()), content});
}

inline Bytes customSection(std::string_view sectionName, const Bytes& content) {
  return section(0, cat({name(sectionName), content}));
}

inline constexpr uint8_t kHeader[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

// The header followed by `sections`.
inline Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out;
  for (uint8_t b : kHeader) out.push_back(b);
  for (const Bytes& s : sections) append(out, s);
  return out;
}

// Decodes `bytes`, failing the test (and returning an empty module) on error.
inline spec::Module decodeOk(const Bytes& bytes) {
  auto r = binary::decodeModule(bytes);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  if (!r.ok()) return {};
  return std::move(r).value();
}

// Expects decoding `bytes` to fail as malformed with `message` at `offset`.
inline void expectMalformed(const Bytes& bytes, std::string_view message, uint64_t offset) {
  auto r = binary::decodeModule(bytes);
  ASSERT_FALSE(r.ok()) << "decoded, expected: " << message;
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(r.error().message, message);
  ASSERT_TRUE(r.error().offset.has_value());
  EXPECT_EQ(*r.error().offset, offset) << r.error().message;
}

// Expects decoding to fail as malformed with a message starting with `prefix`.
inline void expectMalformedPrefix(const Bytes& bytes, std::string_view prefix, uint64_t offset) {
  auto r = binary::decodeModule(bytes);
  ASSERT_FALSE(r.ok()) << "decoded, expected: " << prefix;
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(r.error().message.substr(0, prefix.size()), prefix) << r.error().message;
  ASSERT_TRUE(r.error().offset.has_value());
  EXPECT_EQ(*r.error().offset, offset) << r.error().message;
}

}  // namespace witt::test
