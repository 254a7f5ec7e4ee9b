// witt marks list|add|strip|convert: the trace marks of a module
// (instrument-tracing proposal, https://github.com/WebAssembly/instrument-tracing),
// over the tools of src/itt/mark_tools.h. Adding marks to a module that is
// already compiled, without recompiling it, is what the proposal's users asked
// for; docs/trace-marks.md sections 5, 6 and 11 give every form.
//
// FILE may be a binary or a text module: a text module is encoded as witt
// encodes it to run it (marks written as (trace_instruction N) become a
// metadata.code.trace_inst section), and the commands work on those bytes.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "binary/module_decoder.h"
#include "binary/writer.h"
#include "cli.h"
#include "itt/mark_tools.h"
#include "itt/sections.h"
#include "text/parser.h"

namespace witt::cli {

namespace {

const char* kMarksUsage =
    "usage: witt marks list [--mark-func-index=auto|defined|full] [--strict-marks] FILE\n"
    "       witt marks add [--format=v8|instTrace] [--mark-func-index=full|defined]\n"
    "                      [--read-func-index=auto|defined|full] [--replace]\n"
    "                      -o OUT FILE REQUEST...\n"
    "       witt marks strip -o OUT FILE\n"
    "       witt marks convert --to=v8|instTrace [--mark-func-index=full|defined]\n"
    "                      [--read-func-index=auto|defined|full] -o OUT FILE\n"
    "\n"
    "  Lists, adds, removes or re-encodes the trace marks of FILE (.wasm or .wat) without\n"
    "  touching any function body. OUT is always a binary module.\n"
    "\n"
    "  REQUEST (ID decimal or 0x hex; FUNC an index, a name, an export name, or *):\n"
    "    instr:FUNC:N=ID      before the N-th instruction of FUNC (0-based, ends included)\n"
    "    offset:FUNC:OFF=ID   at byte offset OFF from FUNC's local declarations\n"
    "    entry:FUNC=ID        before FUNC's first instruction\n"
    "    exit:FUNC=ID         before each return, return_call*, br to the body, final end\n"
    "    line:FILE:LINE=ID    before the first instruction of a source line (DWARF)\n"
    "\n"
    "  --format=v8|instTrace       the section written (default v8:\n"
    "                              metadata.code.trace_inst)\n"
    "  --mark-func-index=...       list: how to read func_idx (auto: recognise);\n"
    "                              add, convert: how to write it (full: with imports, the\n"
    "                              code-metadata convention; defined: V8's, for node)\n"
    "  --read-func-index=...       add, convert: how to read the existing section\n"
    "  --replace                   add: drop the module's existing marks\n"
    "  --strict-marks              list: any problem in the mark section is an error\n"
    "  -o OUT                      the output module\n";

struct MarksArgs {
  std::string file, out;
  std::vector<std::string> requests;
  itt::MarkFormat format = itt::MarkFormat::V8;
  bool formatGiven = false;
  itt::FuncIndexMode funcIndex = itt::FuncIndexMode::Auto;
  bool funcIndexGiven = false;
  itt::FuncIndexMode readFuncIndex = itt::FuncIndexMode::Auto;
  bool replace = false, strict = false;
};

// "FILE: message" for mistakes in a request or an option, the full
// description (kind, offset) for anything else.
std::string describeFor(const std::string& file, Error e) {
  if (e.kind == ErrorKind::Usage && !e.offset) return file + ": " + e.message;
  if (e.file.empty()) e.file = file;
  return e.describe();
}

void printDiagnostics(const std::string& file, const std::vector<itt::MarkDiagnostic>& ds) {
  for (const itt::MarkDiagnostic& d : ds)
    std::fprintf(stderr, "witt: %s: %s%s\n", file.c_str(),
                 d.severity == itt::MarkDiagnostic::Severity::Warning ? "warning: " : "",
                 d.describe().c_str());
}

// The module's bytes: the file itself if it is a binary, else the binary
// witt encodes the text module to.
Result<std::vector<uint8_t>> readModuleBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error e(ErrorKind::Io, std::string("cannot open file: ") + std::strerror(errno));
    e.file = path;
    return e;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  static const uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
  if (bytes.size() >= 4 && std::equal(bytes.begin(), bytes.begin() + 4, kMagic)) return bytes;
  auto parsed = text::parseModule(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path);
  if (!parsed.ok()) return std::move(parsed).error();
  return binary::writeModule(*parsed);
}

int writeOutput(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return fail(kFailure, path + ": cannot write: " + std::strerror(errno));
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) return fail(kFailure, path + ": error writing the module");
  return kOk;
}

// Parses the options shared by the subcommands; positional arguments go to
// file, then requests. Returns kOk, or the exit code after printing the error.
int parseArgs(const std::string& sub, const Args& args, MarksArgs& a) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& s = args[i];
    auto value = [&](const char* name, std::string& out) -> int {
      size_t n = std::strlen(name);
      if (s.compare(0, n, name) != 0) return 0;
      if (s.size() == n) {
        if (i + 1 >= args.size()) return -1;
        out = args[++i];
        return 1;
      }
      if (s[n] != '=') return 0;
      out = s.substr(n + 1);
      return 1;
    };
    std::string v;
    int r;
    if ((r = value("--format", v)) || (r = value("--to", v))) {
      if (r < 0) return fail(kUsage, s + " needs a value");
      auto f = itt::parseMarkFormat(v);
      if (!f.ok()) return fail(kUsage, s + ": " + f.error().message);
      a.format = *f;
      a.formatGiven = true;
    } else if ((r = value("--mark-func-index", v))) {
      if (r < 0) return fail(kUsage, s + " needs a value");
      auto m = itt::parseFuncIndexMode(v);
      if (!m.ok()) return fail(kUsage, "--mark-func-index: " + m.error().message);
      a.funcIndex = *m;
      a.funcIndexGiven = true;
    } else if ((r = value("--read-func-index", v))) {
      if (r < 0) return fail(kUsage, s + " needs a value");
      auto m = itt::parseFuncIndexMode(v);
      if (!m.ok()) return fail(kUsage, "--read-func-index: " + m.error().message);
      a.readFuncIndex = *m;
    } else if ((r = value("-o", v)) || (r = value("--output", v))) {
      if (r < 0) return fail(kUsage, s + " needs a file name");
      a.out = v;
    } else if (s == "--replace") {
      a.replace = true;
    } else if (s == "--strict-marks") {
      a.strict = true;
    } else if (s == "--") {
      for (++i; i < args.size(); ++i)
        (a.file.empty() ? a.file : a.requests.emplace_back()) = args[i];
    } else if (!s.empty() && s[0] == '-' && s != "-") {
      return fail(kUsage, "marks " + sub + ": unknown option '" + s + "'");
    } else if (a.file.empty()) {
      a.file = s;
    } else {
      a.requests.push_back(s);
    }
  }
  if (a.file.empty()) return fail(kUsage, "marks " + sub + ": no input FILE");
  return kOk;
}

int listCommand(const MarksArgs& a) {
  if (!a.requests.empty())
    return fail(kUsage, "marks list: unexpected argument '" + a.requests[0] + "'");
  auto bytes = readModuleBytes(a.file);
  if (!bytes.ok()) return fail(kLoadError, describeFor(a.file, bytes.error()));
  binary::DecodeOptions d;
  d.fileName = a.file;
  auto m = binary::decodeModule(std::move(bytes).value(), d);
  if (!m.ok()) return fail(kLoadError, describeFor(a.file, m.error()));
  itt::ReadOptions ro;
  ro.funcIndex = a.funcIndex;
  ro.strict = a.strict;
  std::vector<itt::MarkDiagnostic> diagnostics;
  auto rows = itt::listMarks(*m, ro, &diagnostics);
  if (!rows.ok()) return fail(kLoadError, describeFor(a.file, rows.error()));
  printDiagnostics(a.file, diagnostics);
  if (rows->empty()) {
    std::printf("no trace marks\n");
    return kOk;
  }
  std::fputs(itt::formatMarkRows(*rows).c_str(), stdout);
  return kOk;
}

int rewriteCommand(const std::string& sub, const MarksArgs& a) {
  if (a.out.empty()) return fail(kUsage, "marks " + sub + ": -o OUT is required");
  if (sub == "add" && a.requests.empty())
    return fail(kUsage, "marks add: no REQUEST (e.g. entry:main=1, see witt marks --help)");
  if (sub != "add" && !a.requests.empty())
    return fail(kUsage, "marks " + sub + ": unexpected argument '" + a.requests[0] + "'");
  if (sub == "convert" && !a.formatGiven)
    return fail(kUsage, "marks convert: --to=v8|instTrace is required");
  if (a.funcIndexGiven && a.funcIndex == itt::FuncIndexMode::Auto)
    return fail(kUsage,
                "marks " + sub + ": --mark-func-index=auto only reads; write full or defined");
  std::vector<itt::MarkRequest> requests;
  for (const std::string& r : a.requests) {
    auto req = itt::parseMarkRequest(r);
    if (!req.ok()) return fail(kUsage, req.error().message);
    requests.push_back(*req);
  }
  auto bytes = readModuleBytes(a.file);
  if (!bytes.ok()) return fail(kLoadError, describeFor(a.file, bytes.error()));
  itt::RewriteOptions o;
  o.format = a.format;
  o.funcIndex = a.funcIndex == itt::FuncIndexMode::Defined ? itt::FuncIndexMode::Defined
                                                           : itt::FuncIndexMode::Full;
  o.readFuncIndex = a.readFuncIndex;
  o.keepExisting = !a.replace;
  Result<itt::RewriteResult> r = sub == "add"     ? itt::addMarks(*bytes, requests, o)
                                 : sub == "strip" ? itt::stripMarks(*bytes)
                                                  : itt::convertMarks(*bytes, o);
  if (!r.ok()) {
    const bool input = r.error().kind != ErrorKind::Usage;
    return fail(input ? kLoadError : kUsage, describeFor(a.file, r.error()));
  }
  printDiagnostics(a.file, r->diagnostics);
  return writeOutput(a.out, r->bytes);
}

}  // namespace

int marksCommand(const Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kMarksUsage, args.empty() ? stderr : stdout);
    return args.empty() ? kUsage : kOk;
  }
  const std::string sub = args[0];
  if (sub != "list" && sub != "add" && sub != "strip" && sub != "convert")
    return fail(kUsage, "marks: unknown subcommand '" + sub + "' (list, add, strip, convert)");
  Args rest(args.begin() + 1, args.end());
  for (const std::string& s : rest)
    if (s == "--help" || s == "-h") {
      std::fputs(kMarksUsage, stdout);
      return kOk;
    }
  MarksArgs a;
  if (int code = parseArgs(sub, rest, a); code != kOk) return code;
  if (sub == "list") {
    if (a.formatGiven || !a.out.empty() || a.replace)
      return fail(kUsage, "marks list: takes only --mark-func-index and --strict-marks");
    return listCommand(a);
  }
  if (a.strict) return fail(kUsage, "marks " + sub + ": --strict-marks is for list (and run)");
  return rewriteCommand(sub, a);
}

}  // namespace witt::cli
