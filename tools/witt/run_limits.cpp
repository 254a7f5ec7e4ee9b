// witt run --fuel N --timeout DURATION --max-memory SIZE: resource limits of
// the run (docs/cli.md). Fuel and timeouts make the run use metered code,
// which checks them at the start of every basic block; the memory cap is
// checked by memory.grow and at instantiation.
#include <cstdlib>

#include "run_extension.h"

namespace witt::cli {
namespace {

class LimitsExtension : public RunExtension {
 public:
  bool parseOption(const Args& args, size_t& i, std::string& error) override {
    bool missing = false;
    if (auto v = optionValue(args, i, "--fuel", missing)) {
      if (!parseCount(*v, fuel_) || fuel_ == 0) error = "--fuel needs a positive instruction count, got '" + *v + "'";
      return true;
    }
    if (auto v = optionValue(args, i, "--timeout", missing)) {
      if (!parseDuration(*v, timeoutMs_) || timeoutMs_ == 0)
        error = "--timeout needs a duration such as 500ms, 2s or 1m, got '" + *v + "'";
      return true;
    }
    if (auto v = optionValue(args, i, "--max-memory", missing)) {
      if (!parseSize(*v, maxMemory_) || maxMemory_ == 0)
        error = "--max-memory needs a size such as 64M, 1G or 65536, got '" + *v + "'";
      return true;
    }
    if (missing) {
      error = args[i] + " needs a value";
      return true;
    }
    return false;
  }

  std::string usage() const override {
    return "  --fuel N              stop after N wasm instructions (trap \"all fuel consumed\")\n"
           "  --timeout DURATION    stop after DURATION (500ms, 2s, 1m; a bare number is seconds)\n"
           "  --max-memory SIZE     cap the module's memories at SIZE bytes together (K, M, G:\n"
           "                        powers of 1024); memory.grow past it returns -1\n";
  }

  void limits(CallOptions& o) override {
    o.fuel = fuel_;
    o.timeoutMs = timeoutMs_;
  }
  void instanceOptions(InstanceOptions& o) override { o.maxMemoryBytes = maxMemory_; }

 private:
  static bool parseCount(const std::string& s, uint64_t& out) {
    if (s.empty() || s[0] == '-') return false;
    char* end = nullptr;
    errno = 0;
    out = std::strtoull(s.c_str(), &end, 10);
    return *end == 0 && errno == 0;
  }
  // Bytes, with an optional K, M or G suffix (powers of 1024).
  static bool parseSize(const std::string& s, uint64_t& bytes) {
    if (s.empty() || s[0] < '0' || s[0] > '9') return false;
    char* end = nullptr;
    errno = 0;
    uint64_t v = std::strtoull(s.c_str(), &end, 10);
    std::string unit(end);
    unsigned shift = unit.empty() ? 0 : unit == "K" || unit == "k" ? 10 : unit == "M" ? 20 : unit == "G" ? 30 : 64;
    if (errno != 0 || shift == 64 || (shift && v > (~uint64_t{0} >> shift))) return false;
    bytes = v << shift;
    return true;
  }
  static bool parseDuration(const std::string& s, uint64_t& ms) {
    if (s.empty() || s[0] == '-') return false;
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    std::string unit(end);
    double factor = unit.empty() || unit == "s" ? 1000.0 : unit == "ms" ? 1.0 : unit == "m" ? 60000.0 : -1;
    if (factor < 0 || !(v >= 0) || v * factor > 1e15) return false;
    ms = static_cast<uint64_t>(v * factor + 0.5);
    return true;
  }

  uint64_t fuel_ = 0;
  uint64_t timeoutMs_ = 0;
  uint64_t maxMemory_ = 0;
};

}  // namespace

std::unique_ptr<RunExtension> makeLimitsExtension() { return std::make_unique<LimitsExtension>(); }

}  // namespace witt::cli
