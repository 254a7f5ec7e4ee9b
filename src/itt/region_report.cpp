#include "itt/region_report.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "trace/report_util.h"

namespace witt::itt {

namespace {

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
  return buf;
}

std::string idList(const std::vector<uint32_t>& ids) {
  std::string s;
  for (uint32_t id : ids) s += (s.empty() ? "" : ", ") + std::to_string(id) + " (" + hex(id) + ")";
  return s;
}

std::string siteText(const MarkSite& s) {
  std::string where = s.funcName.empty()
                          ? "func " + std::to_string(s.funcIndex)
                          : "$" + s.funcName + " (func " + std::to_string(s.funcIndex) + ")";
  return "mark " + std::to_string(s.id) + " at " + where + " offset " + std::to_string(s.offset) +
         " (binary " + hex(s.fileOffset) + "), " + std::to_string(s.count) +
         (s.count == 1 ? " time" : " times");
}

std::string wallText(uint64_t ns) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f ms", static_cast<double>(ns) / 1e6);
  return buf;
}

std::string countersReason(const RegionReport& rep) {
  return rep.countersUnavailable.empty() ? "not read" : rep.countersUnavailable;
}


std::string jnum(uint64_t v) { return std::to_string(v); }

template <class T, class F>
std::string jarray(const std::vector<T>& items, F each) {
  std::string s = "[";
  for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + each(items[i]);
  return s + "]";
}

}  // namespace

std::string formatRegionReportText(const RegionReport& rep, size_t top) {
  std::string out;
  auto line = [&](const std::string& label, const std::string& value) {
    // Values start in one column; continuation lines have no label.
    std::string l = "  " + label + (label.empty() ? "" : ":");
    if (l.size() < 19)
      l.resize(19, ' ');
    else
      l += ' ';
    out += l + value + "\n";
  };
  out += "region report" + (rep.module.empty() ? std::string() : ": " + rep.module) + "\n";
  line("regions", rep.configuration == "toggle"
                      ? "toggle (each mark id starts and stops its own region)"
                      : rep.configuration);
  line("instructions", rep.instructionsCounted
                           ? "exact (traced per instruction: wall time and counters include "
                             "witt's tracing)"
                           : "not counted (--region-light)");
  line("native marks", rep.nativeMarks);
  line("marks executed", std::to_string(rep.marksExecuted));
  if (!rep.idsNeverExecuted.empty())
    line("never executed", "marks " + idList(rep.idsNeverExecuted));
  if (!rep.perfControl.empty()) line("perf control", rep.perfControl);
  if (!rep.countersMissing.empty())
    for (const std::string& m : rep.countersMissing) line("counter missing", m);
  if (rep.regions.empty()) out += "\nno region: no mark executed\n";
  for (const RegionStats& r : rep.regions) {
    out += "\nregion " + std::to_string(r.index) +
           (r.ids.empty() ? std::string()
                          : ": mark" + std::string(r.ids.size() > 1 ? "s " : " ") + idList(r.ids)) +
           "\n";
    if (r.trigger != "toggle")
      line("trigger",
           r.trigger + (r.sdeControl.empty() ? "" : "  (SDE: -control " + r.sdeControl + ")"));
    bool first = true;
    for (const MarkSite& s : r.sites)
      if (s.start) {
        line(first ? "started by" : "", siteText(s));
        first = false;
      }
    first = true;
    for (const MarkSite& s : r.sites)
      if (!s.start) {
        line(first ? "stopped by" : "", siteText(s));
        first = false;
      }
    line("entries", std::to_string(r.entries) + (r.openAtEnd ? " (still active when the run ended)"
                                                 : r.entries == 0 ? " (never active)"
                                                                  : ""));
    if (r.entries == 0) continue;
    if (r.instructions) {
      std::string v = std::to_string(*r.instructions);
      if (r.entries > 1) {
        char buf[48];
        std::snprintf(buf, sizeof buf, " (%.1f per entry)",
                      static_cast<double>(*r.instructions) / static_cast<double>(r.entries));
        v += buf;
      }
      line("instructions", v);
    }
    line("calls", std::to_string(r.calls) + " wasm, " + std::to_string(r.hostCalls) + " host");
    line("wall time", wallText(r.wallNs));
    if (r.instructions && !r.opcodes.empty()) {
      size_t width = 0;
      const size_t n = std::min(top, r.opcodes.size());
      for (size_t i = 0; i < n; ++i) width = std::max(width, r.opcodes[i].name.size());
      for (size_t i = 0; i < n; ++i) {
        const OpcodeCount& o = r.opcodes[i];
        char buf[64];
        std::snprintf(buf, sizeof buf, "%6.2f%%  ",
                      100.0 * static_cast<double>(o.count) / static_cast<double>(*r.instructions));
        std::string name = o.name;
        name.resize(width + 1, ' ');
        line(i == 0 ? "top opcodes" : "", name + buf + std::to_string(o.count));
      }
      if (r.opcodes.size() > n)
        line("", "... " + std::to_string(r.opcodes.size() - n) + " more opcodes");
    }
    if (r.counters) {
      line("hw counters", r.counters->describe());
    } else {
      line("hw counters", "unavailable: " + countersReason(rep));
    }
  }
  return out;
}

std::string formatRegionReportJson(const RegionReport& rep) {
  auto optStr = [](const std::string& s) { return s.empty() ? std::string("null") : trace::jsonString(s); };
  std::string o = "{\n";
  o += "  \"module\": " + trace::jsonString(rep.module) + ",\n";
  o += "  \"configuration\": " + trace::jsonString(rep.configuration) + ",\n";
  o += "  \"instructions_counted\": " + std::string(rep.instructionsCounted ? "true" : "false") +
       ",\n";
  o += "  \"native_marks\": " + trace::jsonString(rep.nativeMarks) + ",\n";
  o += "  \"marks_executed\": " + jnum(rep.marksExecuted) + ",\n";
  o += "  \"ids_never_executed\": " +
       jarray(rep.idsNeverExecuted, [](uint32_t id) { return jnum(id); }) + ",\n";
  o += "  \"counters_unavailable\": " + optStr(rep.countersUnavailable) + ",\n";
  o += "  \"counters_missing\": " +
       jarray(rep.countersMissing, [](const std::string& s) { return trace::jsonString(s); }) + ",\n";
  o += "  \"perf_control\": " + optStr(rep.perfControl) + ",\n";
  o += "  \"regions\": [";
  for (size_t i = 0; i < rep.regions.size(); ++i) {
    const RegionStats& r = rep.regions[i];
    o += i ? ",\n    {\n" : "\n    {\n";
    auto field = [&](const char* name, const std::string& value, bool last = false) {
      o += std::string("      \"") + name + "\": " + value + (last ? "\n" : ",\n");
    };
    field("index", jnum(r.index));
    field("ids", jarray(r.ids, [](uint32_t id) { return jnum(id); }));
    field("trigger", trace::jsonString(r.trigger));
    field("sde_control", optStr(r.sdeControl));
    field("entries", jnum(r.entries));
    field("open_at_end", r.openAtEnd ? "true" : "false");
    field("sites", jarray(r.sites, [](const MarkSite& s) {
            return "{\"kind\": " + trace::jsonString(s.start ? "start" : "stop") + ", \"id\": " + jnum(s.id) +
                   ", \"func\": " + jnum(s.funcIndex) + ", \"func_name\": " +
                   (s.funcName.empty() ? std::string("null") : trace::jsonString(s.funcName)) +
                   ", \"offset\": " + jnum(s.offset) +
                   ", \"binary_offset\": " + jnum(s.fileOffset) + ", \"count\": " + jnum(s.count) +
                   "}";
          }));
    field("instructions", r.instructions ? jnum(*r.instructions) : "null");
    field("calls", jnum(r.calls));
    field("host_calls", jnum(r.hostCalls));
    field("wall_ns", jnum(r.wallNs));
    field("opcodes", r.instructions ? jarray(r.opcodes,
                                             [](const OpcodeCount& c) {
                                               return "{\"name\": " + trace::jsonString(c.name) +
                                                      ", \"count\": " + jnum(c.count) + "}";
                                             })
                                    : "null");
    if (r.counters) {
      std::string c = "{";
      for (Counter k : kAllCounters)
        if ((*r.counters)[k]) c += trace::jsonString(toString(k)) + ": " + jnum(*(*r.counters)[k]) + ", ";
      c += "\"time_enabled_ns\": " + jnum(r.counters->timeEnabled) +
           ", \"time_running_ns\": " + jnum(r.counters->timeRunning) +
           ", \"scaled\": " + (r.counters->scaled ? "true" : "false") + "}";
      field("counters", c);
      field("counters_unavailable", "null", true);
    } else {
      field("counters", "null");
      field("counters_unavailable",
            r.entries == 0 ? std::string("null") : trace::jsonString(countersReason(rep)), true);
    }
    o += "    }";
  }
  o += rep.regions.empty() ? "]\n" : "\n  ]\n";
  return o + "}\n";
}

}  // namespace witt::itt
