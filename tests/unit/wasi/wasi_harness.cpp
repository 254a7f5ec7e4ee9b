#include "unit/wasi/wasi_harness.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace witt::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "witt-wasi-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) std::abort();
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void TempDir::file(const std::string& rel, const std::string& content) const {
  fs::create_directories((path_ / rel).parent_path());
  std::ofstream(path_ / rel, std::ios::binary) << content;
}

void TempDir::dir(const std::string& rel) const { fs::create_directories(path_ / rel); }

void TempDir::symlink(const std::string& rel, const std::string& target) const {
  fs::create_directories((path_ / rel).parent_path());
  fs::create_symlink(target, path_ / rel);
}

std::string TempDir::read(const std::string& rel) const {
  std::ifstream in(path_ / rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool TempDir::exists(const std::string& rel) const {
  return fs::exists(fs::symlink_status(path_ / rel));
}

std::string drain(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

namespace {

// Every wasi_snapshot_preview1 function: name, parameters (i: i32, I: i64),
// whether it returns an errno.
struct Sig {
  const char* name;
  const char* params;
  bool result;
};
const Sig kSigs[] = {
    {"args_get", "ii", true},
    {"args_sizes_get", "ii", true},
    {"environ_get", "ii", true},
    {"environ_sizes_get", "ii", true},
    {"clock_res_get", "ii", true},
    {"clock_time_get", "iIi", true},
    {"fd_advise", "iIIi", true},
    {"fd_allocate", "iII", true},
    {"fd_close", "i", true},
    {"fd_datasync", "i", true},
    {"fd_fdstat_get", "ii", true},
    {"fd_fdstat_set_flags", "ii", true},
    {"fd_fdstat_set_rights", "iII", true},
    {"fd_filestat_get", "ii", true},
    {"fd_filestat_set_size", "iI", true},
    {"fd_filestat_set_times", "iIIi", true},
    {"fd_pread", "iiiIi", true},
    {"fd_prestat_get", "ii", true},
    {"fd_prestat_dir_name", "iii", true},
    {"fd_pwrite", "iiiIi", true},
    {"fd_read", "iiii", true},
    {"fd_readdir", "iiiIi", true},
    {"fd_renumber", "ii", true},
    {"fd_seek", "iIii", true},
    {"fd_sync", "i", true},
    {"fd_tell", "ii", true},
    {"fd_write", "iiii", true},
    {"path_create_directory", "iii", true},
    {"path_filestat_get", "iiiii", true},
    {"path_filestat_set_times", "iiiiIIi", true},
    {"path_link", "iiiiiii", true},
    {"path_open", "iiiiiIIii", true},
    {"path_readlink", "iiiiii", true},
    {"path_remove_directory", "iii", true},
    {"path_rename", "iiiiii", true},
    {"path_symlink", "iiiii", true},
    {"path_unlink_file", "iii", true},
    {"poll_oneoff", "iiii", true},
    {"proc_exit", "i", false},
    {"proc_raise", "i", true},
    {"sched_yield", "", true},
    {"random_get", "ii", true},
    {"sock_accept", "iii", true},
    {"sock_recv", "iiiiii", true},
    {"sock_send", "iiiii", true},
    {"sock_shutdown", "ii", true},
};

const Sig* findSig(const std::string& name) {
  for (const Sig& s : kSigs)
    if (name == s.name) return &s;
  return nullptr;
}

}  // namespace

std::string wasiForwarderWat(std::string_view extra) {
  std::string imports, funcs;
  for (const Sig& s : kSigs) {
    std::string params;
    for (const char* p = s.params; *p; ++p) params += *p == 'I' ? " i64" : " i32";
    std::string type = "(param" + params + ")" + (s.result ? " (result i32)" : "");
    imports += std::string("  (import \"wasi_snapshot_preview1\" \"") + s.name + "\" (func $" +
               s.name + " " + type + "))\n";
    funcs += std::string("  (func (export \"") + s.name + "\") " + type;
    for (size_t i = 0; i < std::strlen(s.params); ++i) funcs += " local.get " + std::to_string(i);
    funcs += std::string(" call $") + s.name + ")\n";
  }
  return "(module\n" + imports + "  (memory (export \"memory\") 2)\n" + funcs + std::string(extra) +
         ")\n";
}

WasiHarness::WasiHarness(WasiConfig config) {
  auto w = Wasi::create(std::move(config));
  if (!w.ok()) {
    ADD_FAILURE() << w.error().describe();
    return;
  }
  wasi_ = std::move(w).value();
  auto m = Module::fromText(wasiForwarderWat());
  if (!m.ok()) {
    ADD_FAILURE() << m.error().describe();
    return;
  }
  Imports imports;
  wasi_->addTo(imports);
  auto inst = Instance::create(*m, imports);
  if (!inst.ok()) {
    ADD_FAILURE() << inst.error().describe();
    return;
  }
  instance_ = std::move(inst).value();
}

Result<std::vector<Value>> WasiHarness::invoke(const std::string& name,
                                               std::initializer_list<uint64_t> args) {
  const Sig* s = findSig(name);
  if (!s || !instance_) return Error(ErrorKind::Usage, "no such function " + name);
  std::vector<Value> values;
  size_t i = 0;
  for (uint64_t a : args) {
    char t = s->params[i++];
    values.push_back(t == 'I' ? Value::fromI64(a) : Value::fromI32(static_cast<uint32_t>(a)));
  }
  return instance_->invoke(name, values);
}

wasi::Errno WasiHarness::call(const std::string& name, std::initializer_list<uint64_t> args) {
  auto r = invoke(name, args);
  if (!r.ok()) {
    ADD_FAILURE() << name << ": " << r.error().describe();
    return wasi::Errno::NotSup;
  }
  return static_cast<wasi::Errno>((*r)[0].i32);
}

uint8_t* WasiHarness::mem() { return instance_->memory("memory")->data(); }
uint64_t WasiHarness::memSize() { return instance_->memory("memory")->size(); }

void WasiHarness::put(uint32_t addr, std::string_view bytes) {
  std::memcpy(mem() + addr, bytes.data(), bytes.size());
}

namespace {
constexpr uint32_t kPath = 0x8000, kResult = 0x7f00, kIov = 0x7e00, kBuf = 0x9000;
}

wasi::Errno WasiHarness::open(uint32_t dirFd, const std::string& path, uint32_t& fd,
                              uint32_t oflags, uint64_t rights, uint32_t fdflags,
                              uint32_t lookupFlags, uint64_t inheriting) {
  uint32_t len = putStr(kPath, path);
  putU32(kResult, 0xffffffff);
  auto e = call("path_open",
                {dirFd, lookupFlags, kPath, len, oflags, rights, inheriting, fdflags, kResult});
  fd = u32(kResult);
  return e;
}

wasi::Errno WasiHarness::write(uint32_t fd, std::string_view data, uint32_t* written) {
  put(kBuf, data);
  putU32(kIov, kBuf);
  putU32(kIov + 4, static_cast<uint32_t>(data.size()));
  auto e = call("fd_write", {fd, kIov, 1, kResult});
  if (written) *written = u32(kResult);
  return e;
}

wasi::Errno WasiHarness::read(uint32_t fd, uint32_t len, std::string& out) {
  putU32(kIov, kBuf);
  putU32(kIov + 4, len);
  auto e = call("fd_read", {fd, kIov, 1, kResult});
  out = e == wasi::Errno::Success ? get(kBuf, u32(kResult)) : "";
  return e;
}

wasi::Errno WasiHarness::pathCall(const std::string& name, uint32_t fd, const std::string& path) {
  uint32_t len = putStr(kPath, path);
  return call(name, {fd, kPath, len});
}

}  // namespace witt::test
