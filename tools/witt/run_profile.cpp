// witt run --profile=KIND[,KIND...]: the bundled profiles (witt/profiles.h)
// and their reports (docs/cli.md, docs/tracing.md). The tracers attached are
// the cheapest that give the requested reports: instructions are traced one
// by one only when a report counts them.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "run_extension.h"
#include "witt/profiles.h"
#include "witt/tracers.h"

namespace witt::cli {
namespace {

enum Kind : unsigned {
  kHistogram = 1u << 0,
  kFunctions = 1u << 1,
  kCallTree = 1u << 2,
  kFolded = 1u << 3,
  kChrome = 1u << 4,
  kFlameGraph = 1u << 5,
};
constexpr unsigned kTextKinds = kHistogram | kFunctions | kCallTree;
constexpr unsigned kFileKinds = kFolded | kChrome | kFlameGraph;
constexpr unsigned kProfilerKinds = kFunctions | kCallTree | kFolded | kChrome | kFlameGraph;

struct KindName {
  Kind kind;
  const char* name;
  const char* suffix;  // default file name suffix (file kinds)
  const char* what;
};
constexpr KindName kKinds[] = {
    {kHistogram, "histogram", "", "opcode histogram"},
    {kFunctions, "functions", "", "function profile"},
    {kCallTree, "calltree", "", "call tree"},
    {kFolded, "folded", ".folded", "folded stacks"},
    {kChrome, "chrome", ".trace.json", "Chrome trace"},
    {kFlameGraph, "flamegraph", ".flame.svg", "flame graph"},
};

int popcount(unsigned v) { return __builtin_popcount(v); }

class ProfileExtension : public RunExtension {
 public:
  bool parseOption(const Args& args, size_t& i, std::string& error) override {
    bool missing = false;
    if (auto v = optionValue(args, i, "--profile", missing)) {
      std::stringstream list(*v);
      std::string item;
      bool any = false;
      while (std::getline(list, item, ',')) {
        const KindName* k = find(item);
        if (!k) {
          error = "--profile: unknown report '" + item +
                  "' (histogram, functions, calltree, folded, chrome, flamegraph)";
          return true;
        }
        kinds_ |= k->kind;
        any = true;
      }
      if (!any) error = "--profile needs a report kind";
      return true;
    }
    if (auto v = optionValue(args, i, "--profile-out", missing)) {
      if (v->empty()) error = "--profile-out needs a file name";
      out_ = *v;
      return true;
    }
    if (auto v = optionValue(args, i, "--profile-weight", missing)) {
      if (*v == "instructions")
        weight_ = ProfileWeight::Instructions;
      else if (*v == "time")
        weight_ = ProfileWeight::Time;
      else
        error = "--profile-weight needs instructions or time, got '" + *v + "'";
      return true;
    }
    if (auto v = optionValue(args, i, "--format", missing)) {
      if (*v == "text")
        json_ = false;
      else if (*v == "json")
        json_ = true;
      else
        error = "--format needs text or json, got '" + *v + "'";
      return true;
    }
    if (missing) {
      error = args[i] + " needs a value";
      return true;
    }
    return false;
  }

  std::string usage() const override {
    return "  --profile KIND[,KIND...]\n"
           "                        profile the run; KIND: histogram (opcodes executed and\n"
           "                        present), functions (per-function calls, instructions,\n"
           "                        time), calltree (the same per call path), folded (folded\n"
           "                        stacks), chrome (Chrome trace-event JSON), flamegraph (SVG)\n"
           "  --profile-out FILE    write the text reports there (default: stderr); a single\n"
           "                        folded/chrome/flamegraph report goes there too, otherwise\n"
           "                        each goes to NAME.folded, .trace.json, .flame.svg (NAME:\n"
           "                        the module's file name without its extension)\n"
           "  --profile-weight instructions|time\n"
           "                        what reports measure and sort by (default instructions;\n"
           "                        time traces calls only, so it runs faster)\n"
           "  --format text|json    format of the histogram, functions and calltree reports\n";
  }

  bool prepare(const Module& module, const std::string& file, std::string& error) override {
    if (!kinds_) return true;
    if (!out_.empty() && !(kinds_ & kTextKinds) && popcount(kinds_ & kFileKinds) > 1) {
      error =
          "--profile-out names one file, but several of folded, chrome and flamegraph were asked "
          "for "
          "(without --profile-out each goes to its own file)";
      return false;
    }
    file_ = file;
    names_ = FunctionNames(module);
    if (kinds_ & kHistogram) {
      auto r = histogram_.addStatic(module);
      if (!r.ok()) {
        error = "--profile=histogram: " + r.error().message;
        return false;
      }
      fanout_.add(histogram_);
    }
    if (kinds_ & kProfilerKinds) {
      ProfileOptions o;
      // Instructions are counted only for reports that show them: a Chrome
      // trace alone, or a time-weighted profile, traces calls only.
      o.instructions =
          weight_ == ProfileWeight::Instructions && (kinds_ & (kProfilerKinds & ~kChrome));
      o.timeline = kinds_ & kChrome;
      profiler_ = CallProfiler(o);
      fanout_.add(profiler_);
    }
    return true;
  }

  // With --scope-regions (run_marks.cpp) the profiles see only what runs
  // inside trace-mark regions.
  Tracer* tracer() override {
    if (fanout_.empty()) return nullptr;
    return scopeToRegions(fanout_.size() == 1 ? &fanout_.only() : &fanout_);
  }

  bool finish(const Error*) override {
    if (!kinds_) return true;
    bool ok = true;
    if (profiler_.mergedCalls())
      std::fprintf(
          stderr,
          "witt: profile: more than %zu call paths; %llu calls were counted in their callers\n",
          profiler_.options().maxNodes, static_cast<unsigned long long>(profiler_.mergedCalls()));
    if (kinds_ & kTextKinds) ok = writeTextReports() && ok;
    for (const KindName& k : kKinds)
      if (kinds_ & k.kind & kFileKinds) ok = writeFileReport(k) && ok;
    return ok;
  }

 private:
  static const KindName* find(const std::string& name) {
    for (const KindName& k : kKinds)
      if (name == k.name) return &k;
    return nullptr;
  }

  bool writeTextReports() {
    std::ostringstream s;
    if (json_) {
      // One object, a member per report, so several reports parse as one document.
      const char* sep = "{";
      if (kinds_ & kHistogram) {
        s << sep << "\"histogram\":";
        writeHistogramJson(s, histogram_);
        sep = ",";
      }
      if (kinds_ & kFunctions) {
        s << sep << "\"functions\":";
        writeFunctionsJson(s, profiler_, names_, weight_);
        sep = ",";
      }
      if (kinds_ & kCallTree) {
        s << sep << "\"calltree\":";
        writeCallTreeJson(s, profiler_, names_, weight_);
      }
      s << "}\n";
    } else {
      const char* sep = "";
      if (kinds_ & kHistogram) {
        s << sep;
        writeHistogramText(s, histogram_);
        sep = "\n";
      }
      if (kinds_ & kFunctions) {
        s << sep;
        writeFunctionsText(s, profiler_, names_, weight_);
        sep = "\n";
      }
      if (kinds_ & kCallTree) {
        s << sep;
        writeCallTreeText(s, profiler_, names_, weight_);
      }
    }
    if (out_.empty()) {
      std::fflush(stdout);
      std::fputs(s.str().c_str(), stderr);
      return true;
    }
    return writeFile(out_, s.str(), nullptr);
  }

  bool writeFileReport(const KindName& k) {
    std::string path = out_;
    if (path.empty() || (kinds_ & kTextKinds) || popcount(kinds_ & kFileKinds) > 1)
      path = std::filesystem::path(file_).stem().string() + k.suffix;
    // Written straight to the file: a Chrome trace can be tens of megabytes.
    std::ofstream f(path, std::ios::binary);
    std::string title = "witt " + std::filesystem::path(file_).filename().string();
    ProfileWeight w = profiler_.countsInstructions() ? weight_ : ProfileWeight::Time;
    if (k.kind == kFolded) {
      writeFolded(f, profiler_, names_, w);
    } else if (k.kind == kChrome) {
      writeChromeTrace(f, profiler_, names_, title);
      if (profiler_.droppedCalls())
        std::fprintf(
            stderr,
            "witt: the Chrome trace holds the first %zu calls; %llu later calls are not in it\n",
            profiler_.timeline().size(), static_cast<unsigned long long>(profiler_.droppedCalls()));
    } else {
      writeFlameGraph(f, profiler_, names_, w,
                      title + (w == ProfileWeight::Instructions ? " (instructions)" : " (time)"));
    }
    f.close();
    return reportWritten(f, path, k.what);
  }

  // Says where a file report went (its default name was not the user's
  // choice), or that it could not be written.
  static bool reportWritten(const std::ofstream& f, const std::string& path, const char* what) {
    if (!f) {
      std::fprintf(stderr, "witt: cannot write the profile to %s\n", path.c_str());
      return false;
    }
    if (what) std::fprintf(stderr, "witt: wrote the %s to %s\n", what, path.c_str());
    return true;
  }

  static bool writeFile(const std::string& path, const std::string& text, const char* what) {
    std::ofstream f(path, std::ios::binary);
    f << text;
    f.close();
    return reportWritten(f, path, what);
  }

  unsigned kinds_ = 0;
  std::string out_;
  ProfileWeight weight_ = ProfileWeight::Instructions;
  bool json_ = false;
  std::string file_;
  FunctionNames names_;
  OpcodeHistogram histogram_;
  CallProfiler profiler_;
  FanoutTracer fanout_;
};

}  // namespace

std::unique_ptr<RunExtension> makeProfileExtension() {
  return std::make_unique<ProfileExtension>();
}

}  // namespace witt::cli
