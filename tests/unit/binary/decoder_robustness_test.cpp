// Robustness: mutated modules never crash the decoder, never make it hang or
// allocate beyond the input's size, and whatever it accepts has every span
// inside the byte pool. A deterministic mutation loop (no fuzzer needed), run
// under the sanitizers with -DWITT_SANITIZE=ON.
#include <gtest/gtest.h>

#include <random>

#include "binary/module_decoder.h"
#include "unit/binary/wasm_bytes.h"

namespace witt {
namespace {

using namespace test;

void expectInside(const spec::Module& m, spec::ByteSpan s) {
  EXPECT_LE(uint64_t{s.offset} + s.size, m.bytes.size());
}

void checkSpans(const spec::Module& m) {
  for (const spec::Table& t : m.tables) {
    if (t.init) expectInside(m, t.init->code);
  }
  for (const spec::Global& g : m.globals) expectInside(m, g.init.code);
  for (const spec::ElemSegment& e : m.elems) {
    expectInside(m, e.offset.code);
    for (const spec::ConstExpr& x : e.exprs) expectInside(m, x.code);
  }
  for (const spec::DataSegment& d : m.datas) {
    expectInside(m, d.offset.code);
    expectInside(m, d.init);
  }
  for (const spec::FunctionBody& b : m.code) {
    EXPECT_LE(b.localsOffset, b.codeOffset);
    EXPECT_LE(b.codeOffset, b.end);
    EXPECT_LE(b.end, m.bytes.size());
  }
  for (const spec::CustomSection& c : m.customs) expectInside(m, c.content);
}

// A module touching every section, with a name section.
Bytes seedModule() {
  Bytes names = cat({{0x00}, leb(4), name("mod"), {0x01, 0x04, 0x01, 0x00, 0x01, 'f'}});
  return module({
      section(1, {0x02, 0x4E, 0x01, 0x50, 0x00, 0x60, 0x01, 0x7F, 0x00, 0x60, 0x00, 0x01, 0x7E}),
      section(2, cat({{0x01}, name("m"), name("g"), {0x03, 0x7F, 0x00}})),
      section(3, {0x01, 0x01}),
      section(4, {0x02, 0x70, 0x00, 0x01, 0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xD2, 0x00, 0x0B}),
      section(5, {0x01, 0x05, 0x01, 0x02}),
      section(13, {0x01, 0x00, 0x00}),
      section(6, {0x01, 0x7E, 0x01, 0x42, 0x07, 0x0B}),
      section(7, cat({{0x01}, name("run"), {0x00, 0x00}})),
      section(8, {0x00}),
      section(9, {0x02, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x00, 0x05, 0x70, 0x01, 0xD2, 0x00, 0x0B}),
      section(12, {0x02}),
      section(10, {0x01, 0x08, 0x01, 0x02, 0x7F, 0x42, 0x01, 0x1A, 0x42, 0x0B}),
      section(11, {0x02, 0x00, 0x41, 0x00, 0x0B, 0x02, 'h', 'i', 0x01, 0x00}),
      customSection("name", names),
  });
}

TEST(DecoderRobustness, SeedDecodes) {
  spec::Module m = decodeOk(seedModule());
  EXPECT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.names.module, "mod");
  EXPECT_EQ(m.names.functions.at(0), "f");
  checkSpans(m);
}

TEST(DecoderRobustness, TruncationInsideASectionFails) {
  const Bytes seed = seedModule();
  // Where each section starts: cutting there may leave a valid module,
  // cutting anywhere else may not.
  std::vector<bool> boundary(seed.size() + 1, false);
  for (size_t p = 8; p < seed.size();) {
    boundary[p] = true;
    size_t size = 0, shift = 0, q = p + 1;
    do {
      size |= size_t{seed[q] & 0x7Fu} << shift;
      shift += 7;
    } while (seed[q++] & 0x80);
    p = q + size;
  }
  boundary[8] = boundary[seed.size()] = true;
  for (size_t n = 0; n < seed.size(); ++n) {
    SCOPED_TRACE(n);
    auto r = binary::decodeModule(Bytes(seed.begin(), seed.begin() + n));
    if (r.ok()) {
      EXPECT_TRUE(boundary[n]);
      checkSpans(*r);
    } else {
      EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
      EXPECT_LE(r.error().offset.value_or(0), n);
    }
  }
}

TEST(DecoderRobustness, RandomMutations) {
  const Bytes seed = seedModule();
  std::mt19937 rng(20240229);
  const uint8_t interesting[] = {0x00, 0x01, 0x0B, 0x40, 0x4E, 0x60, 0x7F, 0x80, 0xFF};
  size_t accepted = 0;
  for (int iteration = 0; iteration < 30000; ++iteration) {
    Bytes b = seed;
    int mutations = 1 + rng() % 4;
    for (int k = 0; k < mutations && !b.empty(); ++k) {
      size_t p = 8 + rng() % (b.size() - 8 + 1);  // keep the header most of the time
      if (p >= b.size()) p = rng() % b.size();
      switch (rng() % 5) {
        case 0: b[p] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
        case 1: b[p] = interesting[rng() % sizeof(interesting)]; break;
        case 2: b.insert(b.begin() + p, static_cast<uint8_t>(rng())); break;
        case 3: b.erase(b.begin() + p); break;
        case 4: b[p] = static_cast<uint8_t>(rng()); break;
      }
    }
    auto r = binary::decodeModule(std::move(b));
    if (r.ok()) {
      ++accepted;
      checkSpans(*r);
    } else {
      ASSERT_TRUE(r.error().offset.has_value()) << r.error().message;
    }
  }
  EXPECT_GT(accepted, 0u);
}

TEST(DecoderRobustness, HugeCountsDoNotAllocate) {
  // Counts of 2^32-1 everywhere a vector starts: each is "length out of
  // bounds" at once, whatever the count.
  const Bytes huge = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 13}) {
    SCOPED_TRACE(static_cast<int>(id));
    expectMalformed(module({section(id, huge)}), "length out of bounds", 10);
  }
  // The same inside entries: function type parameters, a rec group, locals.
  expectMalformed(module({section(1, cat({{0x01, 0x60}, huge}))}), "length out of bounds", 12);
  expectMalformed(module({section(1, cat({{0x01, 0x4E}, huge}))}), "length out of bounds", 12);
  expectMalformed(
      module({section(3, {0x01, 0x00}), section(10, cat({{0x01, 0x06}, huge, {0x0B}}))}),
      "length out of bounds", 16);
}

}  // namespace
}  // namespace witt
