// witt run --regions, --native-marks, --perf-control, --region-report,
// --scope-regions, --strict-marks, --mark-func-index: the trace marks of the
// instrument-tracing proposal (https://github.com/WebAssembly/instrument-tracing)
// at run time, through the mark tool (src/itt/mark_tool.h). docs/trace-marks.md
// gives the options, the report format and the SDE and perf command lines.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "itt/mark_tool.h"
#include "itt/region_scope.h"
#include "itt/sections.h"
#include "run_extension.h"

namespace witt::cli {
namespace {

class MarksExtension;
// The extension that saw --scope-regions, for scopeToRegions().
MarksExtension* g_scoping = nullptr;

class MarksExtension : public RunExtension {
 public:
  ~MarksExtension() override {
    if (g_scoping == this) g_scoping = nullptr;
  }

  bool parseOption(const Args& args, size_t& i, std::string& error) override {
    const std::string& a = args[i];
    // --region-report alone writes to stderr; it never takes the next
    // argument, so `--region-report app.wasm` reads as the file to run.
    if (a == "--region-report") {
      report_ = true;
      return true;
    }
    if (a.rfind("--region-report=", 0) == 0) {
      report_ = true;
      reportFile_ = a.substr(16);
      if (reportFile_.empty()) error = "--region-report=FILE needs a file name";
      return true;
    }
    if (a == "--region-light") {
      light_ = true;
      return true;
    }
    if (a == "--strict-marks") {
      strict_ = true;
      return true;
    }
    if (a == "--scope-regions") {
      scope_ = true;
      g_scoping = this;
      return true;
    }
    bool missing = false;
    if (auto v = optionValue(args, i, "--regions", missing)) {
      auto c = itt::parseRegionSpec(*v);
      if (!c.ok())
        error = c.error().message;
      else
        regions_ = std::move(c).value();
      regionsGiven_ = true;
      return true;
    }
    if (auto v = optionValue(args, i, "--native-marks", missing)) {
      auto m = itt::parseNativeMarkMode(*v);
      if (!m.ok())
        error = m.error().message;
      else
        native_ = *m;
      return true;
    }
    if (auto v = optionValue(args, i, "--mark-func-index", missing)) {
      auto m = itt::parseFuncIndexMode(*v);
      if (!m.ok())
        error = "--mark-func-index: " + m.error().message;
      else
        funcIndex_ = *m;
      return true;
    }
    if (auto v = optionValue(args, i, "--perf-control", missing)) {
      perfControl_ = *v;
      if (perfControl_.empty()) error = "--perf-control needs CTL[,ACK] (fifo paths)";
      return true;
    }
    if (auto v = optionValue(args, i, "--region-format", missing)) {
      if (*v != "text" && *v != "json")
        error = "--region-format: expected text or json, got '" + *v + "'";
      format_ = *v;
      return true;
    }
    if (auto v = optionValue(args, i, "--region-top", missing)) {
      char* end = nullptr;
      errno = 0;
      unsigned long long n = std::strtoull(v->c_str(), &end, 10);
      if (v->empty() || *end || errno || (*v)[0] == '-')
        error = "--region-top needs a number of opcodes, got '" + *v + "'";
      top_ = static_cast<size_t>(n);
      return true;
    }
    if (missing) {
      error = args[i] + " needs a value";
      return true;
    }
    return false;
  }

  std::string usage() const override {
    return "  --region-report[=FILE]  run the mark tool and report each region of trace marks:\n"
           "                        entries, exact instructions, top opcodes, calls, wall time,\n"
           "                        hardware counters (to stderr, or FILE)\n"
           "  --region-format=text|json  the report's format (default: json for FILE.json)\n"
           "  --region-top=N        opcodes shown per region in the text report (default 10)\n"
           "  --region-light        no per-instruction tracing (no instruction counts): the\n"
           "                        run, its wall time and counters stay near untraced speed\n"
           "  --regions=SPEC        regions: 'toggle' (default: each id starts and stops its\n"
           "                        own), or start:ID[:countN][:repeat],stop:ID[...] ...; SDE's\n"
           "                        '-control start:ssc:HEX,stop:ssc:HEX' is accepted\n"
           "  --native-marks=ssc|cpuid|none  run the native mark sequence for each executed\n"
           "                        mark, for Intel SDE/Pin (ssc) or hypervisors (cpuid)\n"
           "  --perf-control=CTL[,ACK]  enable/disable an external perf (perf stat -D -1\n"
           "                        --control fifo:CTL,ACK) when regions start and stop\n"
           "  --scope-regions       tracers (--trace) see only what runs inside regions\n"
           "  --strict-marks        a malformed trace-mark section is an error\n"
           "  --mark-func-index=auto|defined|full  how metadata.code.trace_inst counts\n"
           "                        functions (defined: V8's ordinals; full: with imports)\n";
  }

  void loadOptions(LoadOptions& o) override {
    o.strictMarks = strict_;
    o.markFuncIndex = funcIndex_ == itt::FuncIndexMode::Defined ? LoadOptions::MarkFuncIndex::Defined
                      : funcIndex_ == itt::FuncIndexMode::Full  ? LoadOptions::MarkFuncIndex::Full
                                                                 : LoadOptions::MarkFuncIndex::Auto;
  }

  bool prepare(const Module& module, const std::string& file, std::string& error) override {
    file_ = file;
    const spec::Module& ir = module.ir();
    // The module was loaded with these options (loadOptions below): a strict
    // failure already stopped the load; read the marks as the engine did.
    itt::ReadOptions ro;
    ro.funcIndex = funcIndex_;
    ro.strict = false;
    auto read = itt::readMarks(ir, ro);
    if (!read.ok()) {
      error = describeFor(read.error());
      return false;
    }
    const bool wanted = report_ || native_ != itt::NativeMarkMode::None || !perfControl_.empty();
    if (!wanted) {
      if (regionsGiven_ && !scope_)
        std::fprintf(stderr,
                     "witt: warning: --regions has no effect without --region-report, "
                     "--native-marks, --perf-control or --scope-regions\n");
      return true;
    }
    if (read->marks.empty())
      std::fprintf(stderr, "witt: %s: warning: the module has no trace marks\n", file.c_str());
    itt::MarkToolOptions o;
    o.regions = regions_;
    o.nativeMarks = native_;
    o.measure = report_;
    o.countInstructions = !light_;
    o.perfControl = perfControl_;
    std::vector<uint32_t> ids = read->marks.ids();
    auto tool = itt::MarkTool::create(o, ids, &ir);
    if (!tool.ok()) {
      error = tool.error().message;
      return false;
    }
    tool_ = std::move(tool).value();
    return true;
  }

  Tracer* tracer() override { return tool_.get(); }

  bool finish(const Error* error) override {
    (void)error;
    bool ok = true;
    if (scope_ && !scoped_)
      std::fprintf(stderr,
                   "witt: warning: --scope-regions: no tracer to scope (use with --trace)\n");
    if (!tool_) return ok;
    tool_->finish();
    if (const auto& e = tool_->perfControlError()) {
      std::fprintf(stderr, "witt: %s\n", e->message.c_str());
      ok = false;
    }
    if (!report_) return ok;
    itt::RegionReport rep = tool_->report();
    rep.module = file_;
    std::string format = format_;
    if (format.empty())
      format = reportFile_.size() > 5 && reportFile_.ends_with(".json") ? "json" : "text";
    std::string text = format == "json" ? itt::formatRegionReportJson(rep)
                                        : itt::formatRegionReportText(rep, top_);
    if (reportFile_.empty() || reportFile_ == "-") {
      std::fflush(stdout);
      std::fputs(text.c_str(), stderr);
      return ok;
    }
    std::FILE* f = std::fopen(reportFile_.c_str(), "wb");
    if (!f) {
      std::fprintf(stderr, "witt: --region-report: cannot write %s: %s\n", reportFile_.c_str(),
                   std::strerror(errno));
      return false;
    }
    bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    written = std::fclose(f) == 0 && written;
    if (!written) {
      std::fprintf(stderr, "witt: --region-report: error writing %s\n", reportFile_.c_str());
      return false;
    }
    return ok;
  }

  Tracer* scope(Tracer* t) {
    scopers_.push_back(std::make_unique<itt::RegionScopedTracer>(*t, regions_));
    scoped_ = true;
    return scopers_.back().get();
  }
  bool scoping() const { return scope_; }

 private:
  std::string describeFor(const Error& e) const {
    Error copy = e;
    if (copy.file.empty()) copy.file = file_;
    return copy.describe();
  }

  bool report_ = false, light_ = false, strict_ = false, scope_ = false, scoped_ = false;
  bool regionsGiven_ = false;
  std::string reportFile_, format_, perfControl_, file_;
  size_t top_ = 10;
  itt::RegionConfig regions_;
  itt::NativeMarkMode native_ = itt::NativeMarkMode::None;
  itt::FuncIndexMode funcIndex_ = itt::FuncIndexMode::Auto;
  std::unique_ptr<itt::MarkTool> tool_;
  std::vector<std::unique_ptr<itt::RegionScopedTracer>> scopers_;
};

}  // namespace

std::unique_ptr<RunExtension> makeMarksExtension() { return std::make_unique<MarksExtension>(); }

Tracer* scopeToRegions(Tracer* tracer) {
  if (!tracer || !g_scoping || !g_scoping->scoping()) return tracer;
  return g_scoping->scope(tracer);
}

}  // namespace witt::cli
