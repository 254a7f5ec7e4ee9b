// sock_accept, sock_recv, sock_send, sock_shutdown on sockets the embedder
// handed over (WasiConfig::sockets); preview1 has no call that creates one.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-sock_acceptfd-fd-flags-fdflags---resultfd-errno
// Every call on an fd that is not a socket is `notsock`, checked before
// rights (the testsuite's sock_shutdown-not_sock expects it for stdout).
#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>

#include "wasi/errno_map.h"
#include "wasi/host_call.h"

namespace witt::wasi {

namespace {

Errno lookupSocket(Call& c, uint32_t fd, uint64_t rightsNeeded, FdEntry*& e) {
  e = c.fds().get(fd);
  if (!e) return Errno::Badf;
  if (!e->isSocket()) return Errno::NotSock;
  if (!e->has(rightsNeeded)) return Errno::NotCapable;
  return Errno::Success;
}

Errno sockAccept(Call& c, uint32_t fd, uint32_t flags, uint32_t fdPtr) {
  FdEntry* e;
  if (Errno err = lookupSocket(c, fd, rights::SockAccept, e); err != Errno::Success) return err;
  if (flags & ~uint32_t(fdflags::Nonblock)) return Errno::Inval;
  if (!c.mem.inBounds(fdPtr, 4)) return Errno::Fault;
  int h;
  do
    h = accept4(e->hostFd, nullptr, nullptr,
                SOCK_CLOEXEC | ((flags & fdflags::Nonblock) ? SOCK_NONBLOCK : 0));
  while (h < 0 && errno == EINTR);
  if (h < 0) return lastHostError();
  auto conn = std::make_unique<FdEntry>();
  conn->hostFd = h;
  conn->type = FileType::SocketStream;
  conn->base = maxBaseRights(conn->type) & ~rights::SockAccept;
  uint32_t newFd;
  if (Errno err = c.fds().insert(std::move(conn), newFd); err != Errno::Success) return err;
  c.mem.store<uint32_t>(fdPtr, newFd);
  return Errno::Success;
}

Errno sockRecv(Call& c, uint32_t fd, uint32_t riData, uint32_t riDataLen, uint32_t riFlags,
               uint32_t roDatalenPtr, uint32_t roFlagsPtr) {
  FdEntry* e;
  if (Errno err = lookupSocket(c, fd, rights::FdRead, e); err != Errno::Success) return err;
  if (riFlags & ~uint32_t(kRecvPeek | kRecvWaitall)) return Errno::Inval;
  std::vector<struct iovec> v;
  if (Errno err = c.mem.iovecs(riData, riDataLen, v); err != Errno::Success) return err;
  if (!c.mem.inBounds(roDatalenPtr, 4) || !c.mem.inBounds(roFlagsPtr, 2)) return Errno::Fault;
  struct msghdr msg {};
  msg.msg_iov = v.data();
  msg.msg_iovlen = v.size();
  int flags = ((riFlags & kRecvPeek) ? MSG_PEEK : 0) | ((riFlags & kRecvWaitall) ? MSG_WAITALL : 0);
  ssize_t n;
  do n = recvmsg(e->hostFd, &msg, flags);
  while (n < 0 && errno == EINTR);
  if (n < 0) return lastHostError();
  c.mem.store<uint32_t>(roDatalenPtr, static_cast<uint32_t>(n));
  c.mem.store<uint16_t>(roFlagsPtr, (msg.msg_flags & MSG_TRUNC) ? kRecvDataTruncated : 0);
  return Errno::Success;
}

// MSG_NOSIGNAL: a closed peer is `pipe` for the guest, not SIGPIPE for the host.
Errno sockSend(Call& c, uint32_t fd, uint32_t siData, uint32_t siDataLen, uint32_t siFlags,
               uint32_t soDatalenPtr) {
  FdEntry* e;
  if (Errno err = lookupSocket(c, fd, rights::FdWrite, e); err != Errno::Success) return err;
  if (siFlags != 0) return Errno::Inval;  // $siflags has no flags defined
  std::vector<struct iovec> v;
  if (Errno err = c.mem.iovecs(siData, siDataLen, v); err != Errno::Success) return err;
  if (!c.mem.inBounds(soDatalenPtr, 4)) return Errno::Fault;
  struct msghdr msg {};
  msg.msg_iov = v.data();
  msg.msg_iovlen = v.size();
  ssize_t n;
  do n = sendmsg(e->hostFd, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0) return lastHostError();
  c.mem.store<uint32_t>(soDatalenPtr, static_cast<uint32_t>(n));
  return Errno::Success;
}

Errno sockShutdown(Call& c, uint32_t fd, uint32_t how) {
  FdEntry* e;
  if (Errno err = lookupSocket(c, fd, rights::SockShutdown, e); err != Errno::Success) return err;
  int h;
  switch (how) {
    case kShutRd: h = SHUT_RD; break;
    case kShutWr: h = SHUT_WR; break;
    case kShutRd | kShutWr: h = SHUT_RDWR; break;
    default: return Errno::Inval;
  }
  return shutdown(e->hostFd, h) == 0 ? Errno::Success : lastHostError();
}

}  // namespace

void registerSock(Registry& r) {
  r.add("sock_accept", &sockAccept);
  r.add("sock_recv", &sockRecv);
  r.add("sock_send", &sockSend);
  r.add("sock_shutdown", &sockShutdown);
}

}  // namespace witt::wasi
