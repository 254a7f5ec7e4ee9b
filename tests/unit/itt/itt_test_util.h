// Helpers for the trace-mark tests: hand-written binary modules (every byte
// spelled out, with the WAT in a comment) and access to the fixtures.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "binary/module_decoder.h"
#include "support/test_support.h"

namespace witt::itt::test {

using Bytes = std::vector<uint8_t>;

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

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts)
    for (uint8_t b : p) out.push_back(b);
  return out;
}

inline Bytes name(std::string_view s) {
  Bytes out = leb(s.size());
  for (char c : s) out.push_back(static_cast<uint8_t>(c));
  return out;
}

inline Bytes section(uint8_t id, const Bytes& content) {
  return cat({Bytes{id}, leb(content.size()), content});
}

inline Bytes custom(std::string_view sectionName, const Bytes& content) {
  return section(0, cat({name(sectionName), content}));
}

inline Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes& s : sections)
    for (uint8_t b : s) out.push_back(b);
  return out;
}

inline spec::Module decodeOk(const Bytes& bytes) {
  auto r = binary::decodeModule(bytes);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  if (!r.ok()) return {};
  return std::move(r).value();
}

// The sections of the sample module, without a mark section.
//
// (module
//   (import "env" "f" (func $imp (param i32) (result i32)))   ;; func 0
//   (func $add (export "add") (param i32 i32) (result i32)    ;; func 1
//     local.get 0 local.get 1 i32.add)
//   (func $loop (export "count") (param i32) (result i32)     ;; func 2
//     (local i32)
//     block  loop
//       local.get 0  i32.eqz  br_if 1
//       local.get 0  i32.const 1  i32.sub  local.set 0
//       local.get 1  i32.const 1  i32.add  local.set 1
//       br 0
//     end end
//     local.get 1  return))
//
// Code section content (file offsets in the comments are for sampleModule()):
//   02                       2 bodies
//   07 00 20 00 20 01 6a 0b  $add:  size 7, no locals; local.get 0 @1, local.get 1 @3,
//                                   i32.add @5, end @6
//   ..                       $loop: size, 01 01 7f (one i32), then the instructions
inline Bytes sampleTypes() {
  return section(1, {0x02, 0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F,  // (i32 i32) -> i32
                     0x60, 0x01, 0x7F, 0x01, 0x7F});            // (i32) -> i32
}
inline Bytes sampleImports() {
  return section(2, cat({{0x01}, name("env"), name("f"), {0x00, 0x01}}));
}
inline Bytes sampleFuncs() { return section(3, {0x02, 0x00, 0x01}); }
inline Bytes sampleExports() {
  return section(7, cat({{0x02}, name("add"), {0x00, 0x01}, name("count"), {0x00, 0x02}}));
}
inline Bytes loopBody() {
  return {0x01, 0x01, 0x7F,  // locals: 1 x i32            @0..2
          0x02, 0x40,        // block                      @3
          0x03, 0x40,        // loop                       @5
          0x20, 0x00,        // local.get 0                @7
          0x45,              // i32.eqz                    @9
          0x0D, 0x01,        // br_if 1                    @10
          0x20, 0x00,        // local.get 0                @12
          0x41, 0x01,        // i32.const 1                @14
          0x6B,              // i32.sub                    @16
          0x21, 0x00,        // local.set 0                @17
          0x20, 0x01,        // local.get 1                @19
          0x41, 0x01,        // i32.const 1                @21
          0x6A,              // i32.add                    @23
          0x21, 0x01,        // local.set 1                @24
          0x0C, 0x00,        // br 0                       @26
          0x0B,              // end (loop)                 @28
          0x0B,              // end (block)                @29
          0x20, 0x01,        // local.get 1                @30
          0x0F,              // return                     @32
          0x0B};             // end (function)             @33
}
inline Bytes sampleCode() {
  Bytes add = {0x00, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B};
  Bytes loop = loopBody();
  return section(10, cat({{0x02}, leb(add.size()), add, leb(loop.size()), loop}));
}

// The sample with `marks` (whole custom sections) placed before the code section.
inline Bytes sampleModule(const Bytes& marks = {}) {
  return module(
      {sampleTypes(), sampleImports(), sampleFuncs(), sampleExports(), marks, sampleCode()});
}

// The same module without the import (function indices shift down by one).
inline Bytes sampleNoImport(const Bytes& marks = {}) {
  Bytes exports = section(7, cat({{0x02}, name("add"), {0x00, 0x00}, name("count"), {0x00, 0x01}}));
  return module({sampleTypes(), sampleFuncs(), exports, marks, sampleCode()});
}

inline std::string fixture(const std::string& file) {
  return witt::test::sourceDir() + "/tests/fixtures/itt/" + file;
}

}  // namespace witt::itt::test
