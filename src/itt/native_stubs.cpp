#include "itt/native_stubs.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) && defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#define WITT_NATIVE_MARKS 1
#else
#define WITT_NATIVE_MARKS 0
#endif

namespace witt::itt {

namespace {

void putLe32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

}  // namespace

Result<NativeMarkMode> parseNativeMarkMode(std::string_view s) {
  if (s == "none") return NativeMarkMode::None;
  if (s == "ssc") return NativeMarkMode::Ssc;
  if (s == "cpuid") return NativeMarkMode::Cpuid;
  return Error(ErrorKind::Usage, "--native-marks: unknown mode '" + std::string(s) +
                                     "' (expected ssc, cpuid or none)");
}

const char* toString(NativeMarkMode m) {
  switch (m) {
    case NativeMarkMode::None: return "none";
    case NativeMarkMode::Ssc: return "ssc";
    case NativeMarkMode::Cpuid: return "cpuid";
  }
  return "?";
}

std::vector<uint8_t> sscStubBytes(uint32_t id) {
  // push rbx; mov ebx, imm32 (opcode B8+3, no REX: SDE and Pin compare the
  // literal bytes BB id32 64 67 90); the marker; pop rbx; ret. V8 pads the
  // marker with two more nops; a stub returns right away instead.
  std::vector<uint8_t> out{0x53, 0xBB};
  putLe32(out, id);
  out.insert(out.end(), {0x64, 0x67, 0x90, 0x5B, 0xC3});
  return out;
}

std::vector<uint8_t> cpuidStubBytes(uint32_t id) {
  // cpuid writes eax, ebx, ecx and edx: save all four around it.
  std::vector<uint8_t> out{0x50, 0x53, 0x51, 0x52, 0xB8};
  putLe32(out, cpuidMarkValue(id));
  out.insert(out.end(), {0x0F, 0xA2, 0x5A, 0x59, 0x5B, 0x58, 0xC3});
  return out;
}

bool nativeMarksSupported() { return WITT_NATIVE_MARKS != 0; }

Result<std::unique_ptr<NativeMarks>> NativeMarks::create(NativeMarkMode mode,
                                                         std::span<const uint32_t> ids) {
  std::unique_ptr<NativeMarks> nm(new NativeMarks(mode));
  if (mode == NativeMarkMode::None) return nm;
  if (!nativeMarksSupported())
    return Error(ErrorKind::Usage, std::string("--native-marks=") + toString(mode) +
                                       ": native marks are unsupported on this host (they need "
                                       "x86-64 Linux)");
  auto r = nm->generate(ids, /*late=*/false);
  if (!r.ok()) return std::move(r).error();
  return nm;
}

NativeMarks::~NativeMarks() {
#if WITT_NATIVE_MARKS
  for (const Page& p : pages_) munmap(p.base, p.size);
#endif
}

Result<void> NativeMarks::generate(std::span<const uint32_t> ids, bool late) {
#if WITT_NATIVE_MARKS
  std::vector<uint32_t> todo;
  for (uint32_t id : ids)
    if (!stubs_.count(id) && !lateStubs_.count(id) &&
        std::find(todo.begin(), todo.end(), id) == todo.end())
      todo.push_back(id);
  if (todo.empty()) return {};
  const size_t pageSize = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t size = (todo.size() * kSlot + pageSize - 1) / pageSize * pageSize;
  void* mem = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED)
    return Error(ErrorKind::Limit,
                 std::string("native marks: mmap failed: ") + std::strerror(errno));
  uint8_t* base = static_cast<uint8_t*>(mem);
  // int3 everywhere else, so a stray jump into the padding traps.
  std::memset(base, 0xCC, size);
  for (size_t i = 0; i < todo.size(); ++i) {
    std::vector<uint8_t> code =
        mode_ == NativeMarkMode::Ssc ? sscStubBytes(todo[i]) : cpuidStubBytes(todo[i]);
    std::memcpy(base + i * kSlot, code.data(), code.size());
  }
  // Write, then execute: the page is never writable and executable at once.
  if (mprotect(mem, size, PROT_READ | PROT_EXEC) != 0) {
    int err = errno;
    munmap(mem, size);
    return Error(ErrorKind::Limit,
                 std::string("native marks: mprotect(PROT_EXEC) failed: ") + std::strerror(err));
  }
  pages_.push_back(Page{mem, size});
  // At creation the stubs go to the map fire() reads without a lock; later
  // ones (under mutex_) to the other map.
  auto& map = late ? lateStubs_ : stubs_;
  for (size_t i = 0; i < todo.size(); ++i) map[todo[i]] = base + i * kSlot;
  return {};
#else
  (void)ids;
  (void)late;
  return Error(ErrorKind::Usage, "native marks are unsupported on this host");
#endif
}

NativeMarks::StubFn NativeMarks::stub(uint32_t id) const {
  const uint8_t* code = nullptr;
  if (auto it = stubs_.find(id); it != stubs_.end()) {
    code = it->second;
  } else {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto jt = lateStubs_.find(id); jt != lateStubs_.end()) code = jt->second;
  }
  // Converting a data pointer to a function pointer is conditionally
  // supported; POSIX (dlsym) requires it to work.
  return code ? reinterpret_cast<StubFn>(const_cast<uint8_t*>(code)) : nullptr;
}

std::span<const uint8_t> NativeMarks::stubCode(uint32_t id) const {
  if (mode_ == NativeMarkMode::None) return {};
  StubFn fn = stub(id);
  if (!fn) return {};
  size_t n = mode_ == NativeMarkMode::Ssc ? sscStubBytes(id).size() : cpuidStubBytes(id).size();
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(fn), n);
}

void NativeMarks::fire(uint32_t id) {
  if (mode_ == NativeMarkMode::None) return;
  StubFn fn = nullptr;
  if (auto it = stubs_.find(id); it != stubs_.end()) {
    fn = reinterpret_cast<StubFn>(const_cast<uint8_t*>(it->second));
  } else {
    std::lock_guard<std::mutex> lock(mutex_);
    auto jt = lateStubs_.find(id);
    if (jt == lateStubs_.end()) {
      uint32_t one[1] = {id};
      if (!generate(one, /*late=*/true).ok())
        return;  // out of memory: the mark is lost, execution goes on
      jt = lateStubs_.find(id);
    }
    fn = reinterpret_cast<StubFn>(const_cast<uint8_t*>(jt->second));
  }
  fired_.fetch_add(1, std::memory_order_relaxed);
  fn();
}

}  // namespace witt::itt
