// Reading, writing and positioning: fd_read, fd_write, fd_pread, fd_pwrite,
// fd_seek, fd_tell, fd_advise, fd_allocate, fd_sync, fd_datasync.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-fd_readfd-fd-iovs-iovec_array---resultsize-errno
//
// Data moves between the host fd and the guest's buffers with one readv/
// writev (or preadv/pwritev) call, straight into or out of linear memory: no
// buffering, so what the guest wrote is on the host fd before the call
// returns, even if the guest traps right after.
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "wasi/errno_map.h"
#include "wasi/host_call.h"

namespace witt::wasi {

namespace {

// Retries a host call interrupted by a signal.
template <class F>
ssize_t retry(F f) {
  ssize_t r;
  do r = f();
  while (r < 0 && errno == EINTR);
  return r;
}

// The common shape of the four transfer calls: look up with `rights`, gather
// the iovecs, check the result pointer, transfer, store the byte count.
template <class F>
Errno transfer(Call& c, uint32_t fd, uint64_t rightsNeeded, uint32_t iovs, uint32_t iovsLen,
               uint32_t resultPtr, F io) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, rightsNeeded, e); err != Errno::Success) return err;
  std::vector<struct iovec> v;
  if (Errno err = c.mem.iovecs(iovs, iovsLen, v); err != Errno::Success) return err;
  if (!c.mem.inBounds(resultPtr, 4)) return Errno::Fault;
  ssize_t n = retry([&] { return io(e->hostFd, v); });
  if (n < 0) return lastHostError();
  c.mem.store<uint32_t>(resultPtr, static_cast<uint32_t>(n));
  return Errno::Success;
}

Errno fdRead(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint32_t nreadPtr) {
  return transfer(c, fd, rights::FdRead, iovs, iovsLen, nreadPtr,
                  [](int h, std::vector<struct iovec>& v) {
                    return readv(h, v.data(), static_cast<int>(v.size()));
                  });
}

Errno fdWrite(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint32_t nwrittenPtr) {
  return transfer(c, fd, rights::FdWrite, iovs, iovsLen, nwrittenPtr,
                  [](int h, std::vector<struct iovec>& v) {
                    return writev(h, v.data(), static_cast<int>(v.size()));
                  });
}

// Positional I/O needs fd_seek as well (rights::fd_read: "If rights::fd_seek
// is set, includes the right to invoke fd_pread").
Errno fdPread(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint64_t offset,
              uint32_t nreadPtr) {
  if (offset > uint64_t(INT64_MAX)) return Errno::Inval;
  return transfer(c, fd, rights::FdRead | rights::FdSeek, iovs, iovsLen, nreadPtr,
                  [offset](int h, std::vector<struct iovec>& v) {
                    return preadv(h, v.data(), static_cast<int>(v.size()),
                                  static_cast<off_t>(offset));
                  });
}

// With fdflags::append the host appends wherever the offset says (Linux
// pwrite semantics on O_APPEND files); the fd's own offset never moves.
Errno fdPwrite(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint64_t offset,
               uint32_t nwrittenPtr) {
  if (offset > uint64_t(INT64_MAX)) return Errno::Inval;
  return transfer(c, fd, rights::FdWrite | rights::FdSeek, iovs, iovsLen, nwrittenPtr,
                  [offset](int h, std::vector<struct iovec>& v) {
                    return pwritev(h, v.data(), static_cast<int>(v.size()),
                                   static_cast<off_t>(offset));
                  });
}

Errno fdSeek(Call& c, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newOffsetPtr) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, 0, e); err != Errno::Success) return err;
  // Asking where the offset is, without moving it, only needs fd_tell.
  bool tellOnly = offset == 0 && whence == static_cast<uint32_t>(Whence::Cur);
  if (!e->has(rights::FdSeek) && !(tellOnly && e->has(rights::FdTell))) return Errno::NotCapable;
  int how;
  switch (whence) {
    case static_cast<uint32_t>(Whence::Set): how = SEEK_SET; break;
    case static_cast<uint32_t>(Whence::Cur): how = SEEK_CUR; break;
    case static_cast<uint32_t>(Whence::End): how = SEEK_END; break;
    default: return Errno::Inval;
  }
  if (!c.mem.inBounds(newOffsetPtr, 8)) return Errno::Fault;
  off_t r = lseek(e->hostFd, static_cast<off_t>(offset), how);
  if (r < 0) return lastHostError();
  c.mem.store<uint64_t>(newOffsetPtr, static_cast<uint64_t>(r));
  return Errno::Success;
}

Errno fdTell(Call& c, uint32_t fd, uint32_t offsetPtr) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, 0, e); err != Errno::Success) return err;
  // rights::fd_seek "implies rights::fd_tell".
  if (!e->has(rights::FdTell) && !e->has(rights::FdSeek)) return Errno::NotCapable;
  if (!c.mem.inBounds(offsetPtr, 8)) return Errno::Fault;
  off_t r = lseek(e->hostFd, 0, SEEK_CUR);
  if (r < 0) return lastHostError();
  c.mem.store<uint64_t>(offsetPtr, static_cast<uint64_t>(r));
  return Errno::Success;
}

Errno fdAdvise(Call& c, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, rights::FdAdvise, e); err != Errno::Success) return err;
  static const int kAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  if (advice > kAdviceMax) return Errno::Inval;
  if (offset > uint64_t(INT64_MAX) || len > uint64_t(INT64_MAX)) return Errno::Inval;
  int r = posix_fadvise(e->hostFd, static_cast<off_t>(offset), static_cast<off_t>(len),
                        kAdvice[advice]);
  return fromHostErrno(r);  // posix_fadvise returns the error number
}

// Extends the file so that [offset, offset+len) is allocated; never shrinks it.
Errno fdAllocate(Call& c, uint32_t fd, uint64_t offset, uint64_t len) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, rights::FdAllocate, e); err != Errno::Success) return err;
  if (offset > uint64_t(INT64_MAX) || len > uint64_t(INT64_MAX) - offset) return Errno::Fbig;
  if (len == 0) return Errno::Success;
  int r = posix_fallocate(e->hostFd, static_cast<off_t>(offset), static_cast<off_t>(len));
  return fromHostErrno(r);
}

Errno fdSync(Call& c, uint32_t fd) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, rights::FdSync, e); err != Errno::Success) return err;
  return fsync(e->hostFd) == 0 ? Errno::Success : lastHostError();
}

Errno fdDatasync(Call& c, uint32_t fd) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, rights::FdDatasync, e); err != Errno::Success) return err;
  return fdatasync(e->hostFd) == 0 ? Errno::Success : lastHostError();
}

}  // namespace

void registerFdIo(Registry& r) {
  r.add("fd_read", &fdRead);
  r.add("fd_write", &fdWrite);
  r.add("fd_pread", &fdPread);
  r.add("fd_pwrite", &fdPwrite);
  r.add("fd_seek", &fdSeek);
  r.add("fd_tell", &fdTell);
  r.add("fd_advise", &fdAdvise);
  r.add("fd_allocate", &fdAllocate);
  r.add("fd_sync", &fdSync);
  r.add("fd_datasync", &fdDatasync);
}

}  // namespace witt::wasi
