// Text and JSON reports of the histogram, the per-function profile and the
// call tree (shapes in docs/tracing.md). Text columns have fixed widths so
// reports line up and golden tests can mask the times in place.
#include <cinttypes>
#include <cstdarg>
#include <ostream>

#include "trace/report_util.h"
#include "witt/profiles.h"

namespace witt {
namespace {

using trace::formatNs;
using trace::jsonString;
using trace::percent;

std::string fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* format, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, format);
  std::vsnprintf(buf, sizeof buf, format, ap);
  va_end(ap);
  return buf;
}

std::string encoding(uint8_t prefix, uint32_t code) {
  return prefix ? fmt("0x%02x 0x%02x", prefix, code) : fmt("0x%02x", code);
}

const char* weightName(ProfileWeight w) {
  return w == ProfileWeight::Time ? "time" : "instructions";
}

// An instruction count column, or "-" when instructions are not counted.
std::string instrsColumn(const CallProfiler& p, uint64_t v, int width) {
  return p.countsInstructions() ? fmt("%*" PRIu64, width, v) : fmt("%*s", width, "-");
}

std::string jsonInstrs(const CallProfiler& p, uint64_t v) {
  return p.countsInstructions() ? std::to_string(v) : "null";
}

std::string displayName(const FunctionNames& names, uint32_t func, bool host) {
  return names(func) + " [" + std::to_string(func) + "]" + (host ? " (host)" : "");
}

}  // namespace

void writeHistogramText(std::ostream& out, const OpcodeHistogram& h) {
  std::vector<OpcodeHistogram::Row> rows = h.rows();
  uint64_t total = h.dynamicTotal();
  out << "opcode histogram: " << total << " instructions executed, " << h.staticTotal()
      << " in the module, " << rows.size() << " opcodes\n";
  out << fmt("%14s %7s %10s  %-22s %s\n", "executed", "%", "in module", "opcode", "encoding");
  for (const auto& r : rows)
    out << fmt("%14" PRIu64 " %7s %10" PRIu64 "  %-22s %s\n", r.dynamic,
               percent(r.dynamic, total).c_str(), r.inModule, r.name.c_str(),
               encoding(r.prefix, r.code).c_str());
}

void writeHistogramJson(std::ostream& out, const OpcodeHistogram& h) {
  out << "{\"instructions\":" << h.dynamicTotal() << ",\"inModule\":" << h.staticTotal()
      << ",\"opcodes\":[";
  bool first = true;
  for (const auto& r : h.rows()) {
    out << (first ? "\n" : ",\n") << "{\"name\":" << jsonString(r.name)
        << ",\"prefix\":" << unsigned(r.prefix) << ",\"code\":" << r.code
        << ",\"executed\":" << r.dynamic << ",\"inModule\":" << r.inModule << "}";
    first = false;
  }
  out << "]}\n";
}

void writeFunctionsText(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                        ProfileWeight sortBy) {
  std::vector<CallProfiler::FunctionRow> rows = p.functions(sortBy);
  size_t wasm = 0, host = 0;
  for (const auto& r : rows) (r.host ? host : wasm)++;
  bool byTime = sortBy == ProfileWeight::Time;
  out << "functions: " << wasm << " wasm and " << host << " host functions called, "
      << p.totalCalls() << " calls, ";
  if (p.countsInstructions()) out << p.totalInstrs() << " instructions, ";
  out << "time " << trace::trimmed(formatNs(p.totalNs())) << "; sorted by self "
      << weightName(sortBy) << ", % of total " << weightName(sortBy) << "\n";
  out << fmt("%10s %12s %7s %12s %7s %10s %10s  %s\n", "calls", "self instrs", "self%",
             "incl instrs", "incl%", "self time", "incl time", "function");
  uint64_t total = byTime ? p.totalNs() : p.totalInstrs();
  for (const auto& r : rows) {
    std::string name = displayName(names, r.func, r.host);
    if (r.host) {
      out << fmt("%10" PRIu64 " %12s %7s %12s %7s %10s %10s  %s\n", r.calls, "-", "-", "-", "-",
                 "-", "-", name.c_str());
      continue;
    }
    uint64_t self = byTime ? r.selfNs : r.selfInstrs, incl = byTime ? r.inclNs : r.inclInstrs;
    bool pct = byTime || p.countsInstructions();
    out << fmt("%10" PRIu64 " %s %7s %s %7s %10s %10s  %s\n", r.calls,
               instrsColumn(p, r.selfInstrs, 12).c_str(), pct ? percent(self, total).c_str() : "-",
               instrsColumn(p, r.inclInstrs, 12).c_str(), pct ? percent(incl, total).c_str() : "-",
               formatNs(r.selfNs).c_str(), formatNs(r.inclNs).c_str(), name.c_str());
  }
}

void writeFunctionsJson(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                        ProfileWeight sortBy) {
  out << "{\"sortedBy\":\"" << weightName(sortBy)
      << "\",\"instructionsCounted\":" << (p.countsInstructions() ? "true" : "false")
      << ",\"calls\":" << p.totalCalls() << ",\"instructions\":" << jsonInstrs(p, p.totalInstrs())
      << ",\"timeNs\":" << p.totalNs() << ",\"functions\":[";
  bool first = true;
  for (const auto& r : p.functions(sortBy)) {
    out << (first ? "\n" : ",\n") << "{\"index\":" << r.func
        << ",\"name\":" << jsonString(names(r.func)) << ",\"host\":" << (r.host ? "true" : "false")
        << ",\"calls\":" << r.calls;
    if (!r.host)
      out << ",\"selfInstructions\":" << jsonInstrs(p, r.selfInstrs)
          << ",\"inclusiveInstructions\":" << jsonInstrs(p, r.inclInstrs)
          << ",\"selfNs\":" << r.selfNs << ",\"inclusiveNs\":" << r.inclNs;
    out << "}";
    first = false;
  }
  out << "]}\n";
}

namespace {

// Visits the call tree depth first, children in report order: f(node, id,
// parentId) with ids numbering the visit (the root is 0).
template <class F>
void walkTree(const CallProfiler& p, ProfileWeight sortBy, F f) {
  struct Item {
    uint32_t node, parentId;
  };
  std::vector<Item> work;
  std::vector<uint32_t> kids = p.children(0, sortBy);
  for (size_t i = kids.size(); i-- > 0;) work.push_back({kids[i], 0});
  uint32_t next = 1;
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    uint32_t id = next++;
    f(it.node, id, it.parentId);
    kids = p.children(it.node, sortBy);
    for (size_t i = kids.size(); i-- > 0;) work.push_back({kids[i], id});
  }
}

}  // namespace

void writeCallTreeText(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                       ProfileWeight sortBy) {
  out << "call tree: " << p.nodes().size() - 1 << " call paths, " << p.totalCalls() << " calls, ";
  if (p.countsInstructions()) out << p.totalInstrs() << " instructions, ";
  out << "time " << trace::trimmed(formatNs(p.totalNs())) << "; callees by inclusive "
      << weightName(sortBy) << "\n";
  out << fmt("%10s %12s %12s %10s %10s  %s\n", "calls", "incl instrs", "self instrs", "incl time",
             "self time", "function");
  walkTree(p, sortBy, [&](uint32_t node, uint32_t, uint32_t) {
    const CallProfiler::Node& n = p.nodes()[node];
    // Indentation shows the depth up to 40 levels; deeper paths say theirs.
    uint32_t level = n.depth - 1;
    std::string indent(2 * std::min<uint32_t>(level, 40), ' ');
    if (level > 40) indent += "(depth " + std::to_string(n.depth) + ") ";
    std::string name = indent + displayName(names, n.func, n.host);
    if (n.host) {
      out << fmt("%10" PRIu64 " %12s %12s %10s %10s  %s\n", n.calls, "-", "-", "-", "-",
                 name.c_str());
      return;
    }
    out << fmt("%10" PRIu64 " %s %s %10s %10s  %s\n", n.calls,
               instrsColumn(p, n.instrs, 12).c_str(),
               instrsColumn(p, p.selfInstrs(node), 12).c_str(), formatNs(n.ns).c_str(),
               formatNs(p.selfNs(node)).c_str(), name.c_str());
  });
}

void writeCallTreeJson(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                       ProfileWeight sortBy) {
  out << "{\"sortedBy\":\"" << weightName(sortBy)
      << "\",\"instructionsCounted\":" << (p.countsInstructions() ? "true" : "false")
      << ",\"calls\":" << p.totalCalls() << ",\"instructions\":" << jsonInstrs(p, p.totalInstrs())
      << ",\"timeNs\":" << p.totalNs()
      << ",\"nodes\":[\n{\"id\":0,\"parent\":null,\"depth\":0,\"name\":\"(root)\","
         "\"inclusiveInstructions\":"
      << jsonInstrs(p, p.totalInstrs()) << ",\"inclusiveNs\":" << p.totalNs() << "}";
  walkTree(p, sortBy, [&](uint32_t node, uint32_t id, uint32_t parentId) {
    const CallProfiler::Node& n = p.nodes()[node];
    out << ",\n{\"id\":" << id << ",\"parent\":" << parentId << ",\"depth\":" << n.depth
        << ",\"index\":" << n.func << ",\"name\":" << jsonString(names(n.func))
        << ",\"host\":" << (n.host ? "true" : "false") << ",\"calls\":" << n.calls;
    if (!n.host)
      out << ",\"inclusiveInstructions\":" << jsonInstrs(p, n.instrs)
          << ",\"selfInstructions\":" << jsonInstrs(p, p.selfInstrs(node))
          << ",\"inclusiveNs\":" << n.ns << ",\"selfNs\":" << p.selfNs(node);
    out << "}";
  });
  out << "]}\n";
}

}  // namespace witt
