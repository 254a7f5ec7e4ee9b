// args_get, args_sizes_get, environ_get, environ_sizes_get.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-args_getargv-pointerpointeru8-argv_buf-pointeru8---result-errno
// Both lists are NUL-terminated strings packed into one buffer, with an array
// of pointers to them; the *_sizes_get functions tell the guest how much to
// allocate.
#include "wasi/host_call.h"

namespace witt::wasi {

namespace {

uint64_t packedSize(const std::vector<std::string>& list) {
  uint64_t total = 0;
  for (const std::string& s : list) total += s.size() + 1;
  return total;
}

Errno sizesGet(Call& c, const std::vector<std::string>& list, uint32_t countPtr, uint32_t sizePtr) {
  if (!c.mem.inBounds(countPtr, 4) || !c.mem.inBounds(sizePtr, 4)) return Errno::Fault;
  c.mem.store<uint32_t>(countPtr, static_cast<uint32_t>(list.size()));
  c.mem.store<uint32_t>(sizePtr, static_cast<uint32_t>(packedSize(list)));
  return Errno::Success;
}

Errno listGet(Call& c, const std::vector<std::string>& list, uint32_t ptrs, uint32_t buf) {
  if (!c.mem.range(ptrs, uint64_t(list.size()) * 4) || !c.mem.range(buf, packedSize(list)))
    return Errno::Fault;
  uint32_t at = buf;
  for (size_t i = 0; i < list.size(); ++i) {
    c.mem.store<uint32_t>(ptrs + static_cast<uint32_t>(i * 4), at);
    c.mem.storeBytes(at, list[i].c_str(), list[i].size() + 1);
    at += static_cast<uint32_t>(list[i].size() + 1);
  }
  return Errno::Success;
}

Errno argsSizesGet(Call& c, uint32_t argcPtr, uint32_t bufSizePtr) {
  return sizesGet(c, c.ctx.args, argcPtr, bufSizePtr);
}
Errno argsGet(Call& c, uint32_t argv, uint32_t argvBuf) {
  return listGet(c, c.ctx.args, argv, argvBuf);
}
Errno environSizesGet(Call& c, uint32_t countPtr, uint32_t bufSizePtr) {
  return sizesGet(c, c.ctx.env, countPtr, bufSizePtr);
}
Errno environGet(Call& c, uint32_t environ, uint32_t environBuf) {
  return listGet(c, c.ctx.env, environ, environBuf);
}

}  // namespace

void registerArgsEnv(Registry& r) {
  r.add("args_sizes_get", &argsSizesGet);
  r.add("args_get", &argsGet);
  r.add("environ_sizes_get", &environSizesGet);
  r.add("environ_get", &environGet);
}

}  // namespace witt::wasi
