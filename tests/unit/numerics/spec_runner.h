// Runs the rows extracted from the spec testsuite by gen_spec_cases.py (the
// spec_cases_*_test.cpp tables) through the operators via op_dispatch.h.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "unit/numerics/op_dispatch.h"

namespace witt::numtest {

struct SpecArg {
  uint64_t lo, hi;
};

// One expected result. laneBytes is 4 or 8 when the value has float lanes (a
// scalar float is one lane); canon/arith are masks of the lanes that must be a
// canonical / arithmetic NaN (any sign), the other lanes compare bit for bit.
struct SpecExpect {
  uint64_t lo, hi;
  uint8_t laneBytes, canon, arith;
};

struct SpecCase {
  uint32_t line;
  Op op;
  uint8_t numResults;  // 0 when a trap is expected
  uint8_t numAlts;     // `either` alternatives (1 without either)
  TrapKind trap;
  SpecArg args[4];       // operands, then the lane / shuffle immediate
  SpecExpect expect[4];  // numAlts groups of numResults
};

inline V128 rawOf(uint64_t lo, uint64_t hi) {
  V128 v;
  std::memcpy(v.bytes, &lo, 8);
  std::memcpy(v.bytes + 8, &hi, 8);
  return v;
}

inline std::string hex(const V128& v) {
  std::string s = "0x";
  char buf[4];
  for (int i = 15; i >= 0; --i) {
    std::snprintf(buf, sizeof buf, "%02x", v.bytes[i]);
    s += buf;
  }
  return s;
}

inline bool laneMatches(const V128& got, const SpecExpect& e, int lane) {
  int lb = e.laneBytes;
  if (e.canon & (1u << lane) || e.arith & (1u << lane)) {
    uint64_t bits = 0;
    std::memcpy(&bits, got.bytes + lane * lb, lb);
    if (lb == 4) {
      float f = std::bit_cast<float>(static_cast<uint32_t>(bits));
      return (e.canon & (1u << lane)) ? num::fp::isCanonicalNan(f) : num::fp::isArithmeticNan(f);
    }
    double d = std::bit_cast<double>(bits);
    return (e.canon & (1u << lane)) ? num::fp::isCanonicalNan(d) : num::fp::isArithmeticNan(d);
  }
  V128 want = rawOf(e.lo, e.hi);
  return std::memcmp(got.bytes + lane * lb, want.bytes + lane * lb, lb) == 0;
}

inline bool matches(const V128& got, const SpecExpect& e) {
  if (e.laneBytes == 0) return got == rawOf(e.lo, e.hi);
  for (int lane = 0; lane < 16 / e.laneBytes; ++lane)
    if (!laneMatches(got, e, lane)) return false;
  return true;
}

inline bool caseHolds(const SpecCase& c, const Outcome& out) {
  if (c.trap != TrapKind::None) return out.trap == c.trap;
  if (out.trap != TrapKind::None || out.numResults != c.numResults) return false;
  for (int a = 0; a < c.numAlts; ++a) {
    bool all = true;
    for (int r = 0; r < c.numResults; ++r)
      all = all && matches(out.results[r], c.expect[a * c.numResults + r]);
    if (all) return true;
  }
  return false;
}

template <size_t N>
void runSpecCases(const char* file, const SpecCase (&cases)[N]) {
  int failures = 0;
  for (const SpecCase& c : cases) {
    Invoker inv = kInvokers[static_cast<size_t>(c.op)];
    ASSERT_NE(inv, nullptr) << name(c.op);
    V128 args[5];
    for (int i = 0; i < 4; ++i) args[i] = rawOf(c.args[i].lo, c.args[i].hi);
    Outcome out = inv(args);
    if (caseHolds(c, out)) continue;
    std::string msg =
        std::string(file) + ":" + std::to_string(c.line) + ": " + std::string(name(c.op)) + "(";
    int nargs =
        signature(c.op).numParams + (info(c.op).imm == Imm::Lane || info(c.op).imm == Imm::Shuffle);
    for (int i = 0; i < nargs; ++i) msg += (i ? ", " : "") + hex(args[i]);
    msg += ") gave ";
    if (out.trap != TrapKind::None) msg += std::string("trap ") + trapMessage(out.trap);
    for (int r = 0; r < out.numResults; ++r) msg += (r ? ", " : "") + hex(out.results[r]);
    msg += "; expected ";
    if (c.trap != TrapKind::None) msg += std::string("trap ") + trapMessage(c.trap);
    for (int i = 0; i < c.numAlts * c.numResults; ++i)
      msg += (i ? (i % c.numResults ? ", " : " or ") : "") +
             hex(rawOf(c.expect[i].lo, c.expect[i].hi));
    ADD_FAILURE() << msg;
    if (++failures == 30) {
      ADD_FAILURE() << "stopping after 30 failures in " << file;
      return;
    }
  }
  ::testing::Test::RecordProperty("cases", static_cast<int>(N));
}

}  // namespace witt::numtest
