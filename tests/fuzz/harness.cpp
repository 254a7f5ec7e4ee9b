#include "harness.h"

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "runtime/objects.h"
#include "wasi/path_resolver.h"
#include "wast/spectest.h"
#include "witt/engine.h"
#include "witt/tracer.h"

namespace witt::fuzz {

void violation(const std::string& what) {
  std::fprintf(stderr, "witt fuzz: invariant violated: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

namespace {

// An error is clean when it has a kind the phase may produce and says why.
void checkError(const Error& e, std::initializer_list<ErrorKind> allowed, const char* phase) {
  bool ok = false;
  for (ErrorKind k : allowed) ok = ok || e.kind == k;
  if (!ok)
    violation(std::string(phase) + " failed with unexpected kind " + toString(e.kind) + ": " +
              e.message);
  if (e.message.empty())
    violation(std::string(phase) + " failed with an empty message (kind " + toString(e.kind) + ")");
  if (e.kind == ErrorKind::Trap && e.trap == TrapKind::None)
    violation(std::string(phase) + " trapped without a trap kind: " + e.message);
}

std::string describeKind(const Error& e) {
  return std::string(toString(e.kind)) + ": " + e.message;
}

// The zero value of `t`; none for a non-nullable reference.
std::optional<Value> zeroOf(ValType t) {
  switch (t.kind) {
    case ValType::I32: return Value::fromI32(0);
    case ValType::I64: return Value::fromI64(0);
    case ValType::F32: return Value::fromF32(0);
    case ValType::F64: return Value::fromF64(0);
    case ValType::V128: return Value::fromV128(V128{});
    case ValType::Ref:
      if (!t.nullable) return std::nullopt;
      return Value::nullRef(t);
    case ValType::Bottom: break;
  }
  return std::nullopt;
}

// A host function of type `ft` that returns zeros (or traps when a result
// cannot be zero).
Function stubFunction(const FuncType& ft) {
  return createHostFunction(
      ft,
      [ft](Caller&, std::span<const Value>, std::span<Value> results) -> Result<void> {
        for (size_t i = 0; i < results.size() && i < ft.results.size(); ++i) {
          auto z = zeroOf(ft.results[i]);
          if (!z) return Error::makeTrap(TrapKind::Unreachable);
          results[i] = *z;
        }
        return Result<void>();
      },
      "fuzz.stub");
}

// Imports: spectest's entities where they fit (the seeds come from the spec
// testsuite), a stub of the right type for everything else. An import that
// cannot be stubbed (a non-nullable reference, a table beyond the limit) is
// left out and the module fails to link, cleanly.
Imports stubImports(const Module& module, std::vector<Extern>& provided) {
  Imports spectest;
  wast::addSpectest(spectest);
  Imports imports;
  for (const Module::ImportInfo& im : module.imports()) {
    if (im.module == "spectest") {
      if (const Extern* e = spectest.find(im.module, im.name); e && e->kind == im.kind) {
        imports.add(im.module, im.name, *e);
        continue;
      }
    }
    switch (im.kind) {
      case ExternKind::Func:
        imports.add(im.module, im.name, Extern::of(stubFunction(im.funcType)));
        break;
      case ExternKind::Global:
        if (auto z = zeroOf(im.globalType.type))
          imports.add(im.module, im.name, Extern::of(createGlobal(im.globalType, *z)));
        break;
      case ExternKind::Memory: {
        Memory m = createMemory(im.memoryType);
        if (m.impl) imports.add(im.module, im.name, Extern::of(m));
        break;
      }
      case ExternKind::Table:
        // createTable allocates `min` elements at once: only within the
        // runtime's table limit (docs/architecture.md, "Limits").
        if (im.tableType.limits.min <= 10'000'000) {
          if (auto z = zeroOf(im.tableType.elem))
            imports.add(im.module, im.name, Extern::of(createTable(im.tableType, *z)));
        }
        break;
      case ExternKind::Tag:
        imports.add(im.module, im.name, Extern::of(createTag(im.funcType)));
        break;
    }
  }
  for (const Module::ImportInfo& im : module.imports())
    if (const Extern* e = imports.find(im.module, im.name)) provided.push_back(*e);
  return imports;
}

// A host-made table or global that received a function of the instance keeps
// the instance alive, and the instance keeps its imports alive: a cycle that
// is never freed (tests/regress/FINDINGS.md, "host tables and globals leak
// the instances whose functions they hold"). Breaking it here keeps the
// fuzzer's leak detection useful for every other leak.
void breakCycles(std::vector<Extern>& provided) {
  for (Extern& e : provided) {
    if (e.kind == ExternKind::Table && e.table.impl) e.table.impl->keepAlive.clear();
    if (e.kind == ExternKind::Global && e.global.impl) e.global.impl->keepAlive.clear();
  }
}

}  // namespace

Outcome decodeBinary(std::span<const uint8_t> bytes) {
  auto m = Module::fromBinary(bytes);
  if (!m.ok()) {
    checkError(m.error(), {ErrorKind::Malformed, ErrorKind::Invalid, ErrorKind::Limit}, "decode");
    return {describeKind(m.error())};
  }
  // What a valid module reports must be consistent with itself. (A few
  // exports only: exportNamed materializes the whole export list per call.)
  std::vector<Module::ExportInfo> exports = m->exports();
  for (size_t i = 0; i < exports.size() && i < 16; ++i) {
    auto again = m->exportNamed(exports[i].name);
    if (!again || again->kind != exports[i].kind) violation("exportNamed disagrees with exports()");
  }
  return {"valid"};
}

Outcome parseText(std::string_view text) {
  auto m = Module::fromText(text);
  if (!m.ok()) {
    checkError(m.error(), {ErrorKind::Malformed, ErrorKind::Invalid, ErrorKind::Limit}, "parse");
    return {describeKind(m.error())};
  }
  return {"valid"};
}

namespace {

// Watches a traced run (every event, instructions three ways): the number of
// onOp calls, the records of the onInstrs runs and the engine's bulk count
// (onOps, from the block counters) must agree at the end of an invocation,
// and every frame pushed must have been popped.
class CheckingTracer : public Tracer {
 public:
  uint64_t opEvents = 0, runRecords = 0, bulkOps = 0;
  int64_t depth = 0;
  uint32_t events() const override { return kTraceAll | kTraceInstrRuns | kTraceOpCounts; }
  void onOp(uint32_t) override { ++opEvents; }
  void onInstrs(std::span<const InstrEvent> run) override {
    if (run.empty()) violation("an empty run of instructions");
    runRecords += run.size();
  }
  void onOps(uint64_t n) override { bulkOps += n; }
  void onCall(uint32_t) override { ++depth; }
  void onReturn(uint32_t) override {
    if (--depth < 0) violation("onReturn without onCall");
  }
  void check(const std::string& name) {
    if (opEvents != runRecords || opEvents != bulkOps)
      violation("traced " + name + ": " + std::to_string(opEvents) + " onOp calls, " +
                std::to_string(runRecords) + " run records, " + std::to_string(bulkOps) +
                " counted");
    if (depth != 0)
      violation("traced " + name + ": " + std::to_string(depth) + " frames never returned");
  }
};

// The same value, bit for bit (references: the same nullness; they point
// into different instances).
bool sameValue(const Value& a, const Value& b) {
  if (a.type.kind != b.type.kind) return false;
  if (a.type.kind == ValType::Ref) return a.ref.isNull() == b.ref.isNull();
  if (a.type.kind == ValType::V128) return std::memcmp(&a.v128, &b.v128, sizeof a.v128) == 0;
  return a.i64 == b.i64;
}

}  // namespace

Outcome instantiateAndRun(std::span<const uint8_t> bytes) {
  auto m = Module::fromBinary(bytes);
  if (!m.ok()) {
    checkError(m.error(), {ErrorKind::Malformed, ErrorKind::Invalid, ErrorKind::Limit}, "decode");
    return {describeKind(m.error())};
  }
  std::vector<Extern> provided;
  Imports imports = stubImports(*m, provided);
  InstanceOptions io;
  io.limits.fuel = kFuelPerCall;
  auto inst = Instance::create(*m, imports, io);
  struct CycleBreaker {
    std::vector<Extern>& provided;
    ~CycleBreaker() { breakCycles(provided); }
  } breaker{provided};
  // A second instance with imports of its own runs every call traced: the
  // tracer must not change any outcome.
  std::vector<Extern> providedTraced;
  Imports importsTraced = stubImports(*m, providedTraced);
  auto traced = Instance::create(*m, importsTraced, io);
  CycleBreaker tracedBreaker{providedTraced};
  if (inst.ok() != traced.ok())
    violation("a second instantiation of the same module had another outcome");
  if (!inst.ok()) {
    checkError(inst.error(),
               {ErrorKind::Unlinkable, ErrorKind::Uninstantiable, ErrorKind::Trap,
                ErrorKind::Exception, ErrorKind::Limit},
               "instantiate");
    return {"instantiate: " + describeKind(inst.error())};
  }
  size_t calls = 0, traps = 0, skipped = 0;
  CallOptions options;
  options.fuel = kFuelPerCall;
  for (const Module::ExportInfo& e : m->exports()) {
    if (e.kind != ExternKind::Func) continue;
    if (calls >= kMaxCalls) break;
    std::vector<Value> args;
    bool defaultable = true;
    for (ValType t : e.funcType.params) {
      auto z = zeroOf(t);
      if (!z)
        defaultable = false;
      else
        args.push_back(*z);
    }
    if (!defaultable) {
      ++skipped;
      continue;
    }
    ++calls;
    auto r = inst->invoke(e.name, args, Tracer::none(), options);
    CheckingTracer checker;
    auto rt = traced->invoke(e.name, args, checker, options);
    checker.check(e.name);
    if (r.ok() != rt.ok())
      violation("traced " + e.name + " " + (rt.ok() ? "succeeded" : "failed") + ", untraced not");
    if (!r.ok() && (r.error().kind != rt.error().kind || r.error().trap != rt.error().trap))
      violation("traced " + e.name + " failed otherwise: " + rt.error().message + " / " +
                r.error().message);
    if (r.ok()) {
      if (r->size() != rt->size())
        violation("traced " + e.name + " returned another number of results");
      for (size_t i = 0; i < r->size(); ++i)
        if (!sameValue((*r)[i], (*rt)[i]))
          violation("traced " + e.name + " returned another value");
    }
    if (!r.ok()) {
      checkError(r.error(), {ErrorKind::Trap, ErrorKind::Exception, ErrorKind::Limit}, "invoke");
      ++traps;
      continue;
    }
    if (r->size() != e.funcType.results.size())
      violation("invoke returned the wrong number of results");
    for (size_t i = 0; i < r->size(); ++i)
      if ((*r)[i].type.kind != e.funcType.results[i].kind)
        violation("invoke returned a result of the wrong type");
  }
  return {"run: " + std::to_string(calls) + " calls, " + std::to_string(traps) + " failed, " +
          std::to_string(skipped) + " skipped"};
}

namespace {

// The sandbox of the WASI path target:
//   root/            the capability (baseFd)
//     a/b/c/         directories
//     f              a file
//     up -> ..       links that try to climb out, absolute ones, loops
//     deep -> a/b/c
//     abs -> /etc
//     loop -> loop
//     esc -> a/../../outside
//     dyn/           scratch: links made from the input
//   outside/         beside root: must never be reached
struct Sandbox {
  std::string top, root, rootReal;
  int rootFd = -1;

  Sandbox() {
    const char* tmp = std::getenv("TMPDIR");
    std::string t = (tmp && *tmp ? tmp : "/tmp");
    t += "/witt-fuzz-path-XXXXXX";
    std::vector<char> buf(t.begin(), t.end());
    buf.push_back(0);
    if (!mkdtemp(buf.data())) violation("cannot create the sandbox directory");
    top = buf.data();
    root = top + "/root";
    auto md = [](const std::string& p) {
      if (mkdir(p.c_str(), 0755) != 0) violation("cannot create " + p);
    };
    md(root);
    md(top + "/outside");
    md(root + "/a");
    md(root + "/a/b");
    md(root + "/a/b/c");
    md(root + "/dyn");
    int f = open((root + "/f").c_str(), O_CREAT | O_WRONLY, 0644);
    if (f >= 0) close(f);
    f = open((top + "/outside/secret").c_str(), O_CREAT | O_WRONLY, 0644);
    if (f >= 0) close(f);
    auto ln = [&](const char* target, const std::string& at) {
      if (symlink(target, at.c_str()) != 0) violation("cannot create link " + at);
    };
    ln("..", root + "/up");
    ln("a/b/c", root + "/deep");
    ln("/etc", root + "/abs");
    ln("loop", root + "/loop");
    ln("a/../../outside", root + "/esc");
    ln("../..", root + "/a/b/top");
    ln("../f", root + "/a/file");
    char real[PATH_MAX];
    if (!realpath(root.c_str(), real)) violation("realpath of the sandbox failed");
    rootReal = real;
    rootFd = open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootFd < 0) violation("cannot open the sandbox");
  }
};

Sandbox* gSandbox = nullptr;

void removeSandbox() {
  if (!gSandbox) return;
  nftw(
      gSandbox->top.c_str(),
      [](const char* p, const struct stat*, int, struct FTW*) {
        remove(p);
        return 0;
      },
      16, FTW_DEPTH | FTW_PHYS);
}

Sandbox& sandbox() {
  if (!gSandbox) {
    gSandbox = new Sandbox();  // lives until exit, like the fuzzer process
    std::atexit(removeSandbox);
  }
  return *gSandbox;
}

// The host path of an open directory fd.
std::string pathOfFd(int fd) {
  char link[64], buf[PATH_MAX + 1];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, buf, PATH_MAX);
  if (n < 0) return "";
  return std::string(buf, static_cast<size_t>(n));
}

}  // namespace

Outcome resolveWasiPath(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return {"empty"};
  Sandbox& sb = sandbox();
  uint8_t flags = bytes[0];
  bool followFinal = flags & 1;
  unsigned links = (flags >> 1) & 3;
  std::string_view rest(reinterpret_cast<const char*>(bytes.data()) + 1, bytes.size() - 1);
  // Symlinks dyn/l0.. with the targets given.
  std::vector<std::string> made;
  for (unsigned i = 0; i < links; ++i) {
    size_t nul = rest.find('\0');
    if (nul == std::string_view::npos) break;
    std::string target(rest.substr(0, nul));
    rest.remove_prefix(nul + 1);
    std::string at = sb.root + "/dyn/l" + std::to_string(i);
    if (!target.empty() && target.size() < 4096 && symlink(target.c_str(), at.c_str()) == 0)
      made.push_back(at);
  }
  // A path with a NUL in it cannot reach the host API through WASI's
  // path_* calls as one string; resolve what precedes the NUL.
  if (size_t nul = rest.find('\0'); nul != std::string_view::npos) rest = rest.substr(0, nul);

  wasi::ResolvedPath out;
  wasi::Errno err = wasi::resolvePath(sb.rootFd, rest, followFinal, out);
  std::string summary = "errno " + std::to_string(static_cast<int>(err));
  if (err == wasi::Errno::Success) {
    if (out.dirFd < 0) violation("resolved to no directory");
    if (out.name.empty() || out.name.find('/') != std::string::npos || out.name == "..")
      violation("resolved to a name that is not one component: '" + out.name + "'");
    std::string dir = pathOfFd(out.dirFd);
    if (dir != sb.rootReal && dir.compare(0, sb.rootReal.size() + 1, sb.rootReal + "/") != 0)
      violation("path '" + std::string(rest) + "' escaped the sandbox to " + dir);
    summary =
        "resolved in " + dir.substr(std::min(dir.size(), sb.rootReal.size())) + " name " + out.name;
  }
  for (const std::string& at : made) unlink(at.c_str());
  return {summary};
}

}  // namespace witt::fuzz
