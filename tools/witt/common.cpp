#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli.h"

namespace witt::cli {

int fail(int code, const std::string& message) {
  std::fprintf(stderr, "witt: %s\n", message.c_str());
  return code;
}

void printError(const Error& e) {
  std::fprintf(stderr, "witt: %s\n", e.describe().c_str());
  if (!e.backtrace.empty()) {
    std::fprintf(stderr, "wasm backtrace:\n");
    for (size_t i = 0; i < e.backtrace.size(); ++i) {
      const BacktraceFrame& f = e.backtrace[i];
      std::fprintf(stderr, "  %zu: 0x%x - %s\n", i, f.codeOffset,
                   f.funcName.empty() ? ("func[" + std::to_string(f.funcIndex) + "]").c_str()
                                      : f.funcName.c_str());
    }
  }
}

namespace {

bool parseInteger(const std::string& s, bool is64, uint64_t& out) {
  if (s.empty()) return false;
  const char* p = s.c_str();
  bool neg = *p == '-';
  if (*p == '-' || *p == '+') ++p;
  int base = 10;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    base = 16;
    p += 2;
  }
  if (!*p) return false;
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(p, &end, base);
  if (*end || errno) return false;
  uint64_t limit = is64 ? UINT64_MAX : UINT32_MAX;
  if (neg) {
    uint64_t minMag = is64 ? (uint64_t{1} << 63) : (uint64_t{1} << 31);
    if (v > minMag) return false;
    out = static_cast<uint64_t>(-static_cast<int64_t>(v));
    if (!is64) out &= 0xFFFFFFFFu;
    return true;
  }
  if (v > limit) return false;
  out = v;
  return true;
}

bool parseFloat(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return *end == 0;
}

}  // namespace

std::optional<Value> parseArgument(const std::string& text, ValType t) {
  switch (t.kind) {
    case ValType::I32: {
      uint64_t v;
      if (!parseInteger(text, false, v)) return std::nullopt;
      return Value::fromI32(static_cast<uint32_t>(v));
    }
    case ValType::I64: {
      uint64_t v;
      if (!parseInteger(text, true, v)) return std::nullopt;
      return Value::fromI64(v);
    }
    case ValType::F32: {
      double d;
      if (!parseFloat(text, d)) return std::nullopt;
      return Value::fromF32(static_cast<float>(d));
    }
    case ValType::F64: {
      double d;
      if (!parseFloat(text, d)) return std::nullopt;
      return Value::fromF64(d);
    }
    case ValType::Ref:
      if (text == "null") return Value::nullRef(t);
      return std::nullopt;
    default: return std::nullopt;
  }
}

std::string formatResult(const Value& v) {
  char buf[64];
  switch (v.type.kind) {
    case ValType::I32: std::snprintf(buf, sizeof buf, "%" PRId32, static_cast<int32_t>(v.i32)); return buf;
    case ValType::I64: std::snprintf(buf, sizeof buf, "%" PRId64, static_cast<int64_t>(v.i64)); return buf;
    case ValType::F32:
      if (std::isnan(v.f32)) return "NaN";
      std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v.f32));
      return buf;
    case ValType::F64:
      if (std::isnan(v.f64)) return "NaN";
      std::snprintf(buf, sizeof buf, "%.17g", v.f64);
      return buf;
    default: return toString(v);
  }
}

}  // namespace witt::cli
