// Descriptors themselves: fd_close, fd_renumber, fd_fdstat_get,
// fd_fdstat_set_flags, fd_fdstat_set_rights, fd_filestat_get,
// fd_filestat_set_size, fd_filestat_set_times, fd_prestat_get,
// fd_prestat_dir_name, fd_readdir.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-fd_fdstat_getfd-fd---resultfdstat-errno
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include "wasi/errno_map.h"
#include "wasi/host_call.h"

namespace witt::wasi {

namespace {

Errno fdClose(Call& c, uint32_t fd) { return c.fds().close(fd); }

// Both fds must be open (the testsuite's renumber test and wasmtime agree):
// `to` is closed and `from` takes its number.
Errno fdRenumber(Call& c, uint32_t from, uint32_t to) { return c.fds().renumber(from, to); }

Errno fdFdstatGet(Call& c, uint32_t fd, uint32_t ptr) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, 0, e); err != Errno::Success) return err;
  uint8_t* p = c.mem.range(ptr, layout::kFdstatSize);
  if (!p) return Errno::Fault;
  // append and nonblock are read back from the host, where fcntl may change
  // them; the sync flags cannot change after open and are remembered.
  uint16_t flags = e->syncFlags;
  int fl = fcntl(e->hostFd, F_GETFL);
  if (fl >= 0) {
    if (fl & O_APPEND) flags |= fdflags::Append;
    if (fl & O_NONBLOCK) flags |= fdflags::Nonblock;
  }
  std::memset(p, 0, layout::kFdstatSize);
  c.mem.store<uint8_t>(ptr, static_cast<uint8_t>(e->type));
  c.mem.store<uint16_t>(ptr + 2, flags);
  c.mem.store<uint64_t>(ptr + 8, e->base);
  c.mem.store<uint64_t>(ptr + 16, e->inheriting);
  return Errno::Success;
}

// Linux's F_SETFL changes O_APPEND and O_NONBLOCK only; a request to change
// dsync/rsync/sync after open cannot be honoured and is `notsup`.
Errno fdFdstatSetFlags(Call& c, uint32_t fd, uint32_t flags) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, rights::FdFdstatSetFlags, e); err != Errno::Success)
    return err;
  if (flags & ~uint32_t(fdflags::All)) return Errno::Inval;
  uint16_t sync = flags & (fdflags::Dsync | fdflags::Rsync | fdflags::Sync);
  if (sync != e->syncFlags) return Errno::NotSup;
  int fl = fcntl(e->hostFd, F_GETFL);
  if (fl < 0) return lastHostError();
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & fdflags::Append) fl |= O_APPEND;
  if (flags & fdflags::Nonblock) fl |= O_NONBLOCK;
  if (fcntl(e->hostFd, F_SETFL, fl) != 0) return lastHostError();
  return Errno::Success;
}

// Rights can only be dropped, never gained back.
Errno fdFdstatSetRights(Call& c, uint32_t fd, uint64_t base, uint64_t inheriting) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, 0, e); err != Errno::Success) return err;
  if ((base & ~e->base) || (inheriting & ~e->inheriting)) return Errno::NotCapable;
  e->base = base;
  e->inheriting = inheriting;
  return Errno::Success;
}

Errno fdFilestatGet(Call& c, uint32_t fd, uint32_t ptr) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, rights::FdFilestatGet, e); err != Errno::Success) return err;
  if (!c.mem.inBounds(ptr, layout::kFilestatSize)) return Errno::Fault;
  struct stat st;
  if (fstat(e->hostFd, &st) != 0) return lastHostError();
  storeFilestat(c.mem, ptr, st, e->hostFd);
  return Errno::Success;
}

Errno fdFilestatSetSize(Call& c, uint32_t fd, uint64_t size) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, rights::FdFilestatSetSize, e); err != Errno::Success)
    return err;
  if (size > uint64_t(INT64_MAX)) return Errno::Inval;
  return ftruncate(e->hostFd, static_cast<off_t>(size)) == 0 ? Errno::Success : lastHostError();
}

Errno fdFilestatSetTimes(Call& c, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, rights::FdFilestatSetTimes, e); err != Errno::Success)
    return err;
  struct timespec ts[2];
  if (Errno err = fileTimes(atim, mtim, fst, ts); err != Errno::Success) return err;
  return futimens(e->hostFd, ts) == 0 ? Errno::Success : lastHostError();
}

// Only preopened directories have a prestat; any other fd is `badf`, which is
// what ends wasi-libc's scan of the preopens at startup.
Errno fdPrestatGet(Call& c, uint32_t fd, uint32_t ptr) {
  FdEntry* e = c.fds().get(fd);
  if (!e || !e->preopen) return Errno::Badf;
  uint8_t* p = c.mem.range(ptr, layout::kPrestatSize);
  if (!p) return Errno::Fault;
  std::memset(p, 0, layout::kPrestatSize);
  c.mem.store<uint8_t>(ptr, kPreopenTypeDir);
  c.mem.store<uint32_t>(ptr + 4, static_cast<uint32_t>(e->preopenName.size()));
  return Errno::Success;
}

// Writes the name without a terminating NUL; a buffer shorter than the name
// is `nametoolong` (as wasmtime answers).
Errno fdPrestatDirName(Call& c, uint32_t fd, uint32_t path, uint32_t len) {
  FdEntry* e = c.fds().get(fd);
  if (!e || !e->preopen) return Errno::Badf;
  if (len < e->preopenName.size()) return Errno::NameTooLong;
  if (!c.mem.storeBytes(path, e->preopenName.data(), e->preopenName.size())) return Errno::Fault;
  return Errno::Success;
}

FileType typeOfDirent(unsigned char dtype) {
  switch (dtype) {
    case DT_REG: return FileType::RegularFile;
    case DT_DIR: return FileType::Directory;
    case DT_LNK: return FileType::SymbolicLink;
    case DT_CHR: return FileType::CharacterDevice;
    case DT_BLK: return FileType::BlockDevice;
    case DT_SOCK: return FileType::SocketStream;
    default: return FileType::Unknown;
  }
}

// Reads the whole directory through a fresh fd (so the guest's fd keeps its
// own offset), "." and ".." included.
Errno snapshotDirectory(FdEntry& e) {
  int dfd = openat(e.hostFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return lastHostError();
  DIR* d = fdopendir(dfd);
  if (!d) {
    Errno err = lastHostError();
    close(dfd);
    return err;
  }
  e.listing.clear();
  errno = 0;
  while (struct dirent* de = readdir(d)) {
    DirListingEntry entry;
    entry.name = de->d_name;
    entry.ino = de->d_ino;
    entry.type = typeOfDirent(de->d_type);
    if (de->d_type == DT_UNKNOWN) {
      struct stat st;
      if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) entry.type = fileTypeOf(st);
    }
    e.listing.push_back(std::move(entry));
    errno = 0;
  }
  Errno err = errno ? lastHostError() : Errno::Success;
  closedir(d);
  e.hasListing = err == Errno::Success;
  return err;
}

// Entries are numbered in the order the host lists them; an entry's d_next
// cookie is its number plus one, so a read may resume after any entry. A read
// from cookie 0 takes a fresh snapshot; later cookies continue in it (POSIX
// leaves it unspecified whether entries added after the listing began are
// seen). The last entry may be cut at the end of the buffer: the guest knows
// it has everything when bufused < buf_len.
Errno fdReaddir(Call& c, uint32_t fd, uint32_t buf, uint32_t bufLen, uint64_t cookie,
                uint32_t bufusedPtr) {
  FdEntry* e;
  if (Errno err = c.fds().lookup(fd, rights::FdReaddir, e); err != Errno::Success) return err;
  if (!e->isDir()) return Errno::NotDir;
  if (!c.mem.range(buf, bufLen) || !c.mem.inBounds(bufusedPtr, 4)) return Errno::Fault;
  if (cookie == 0 || !e->hasListing) {
    if (Errno err = snapshotDirectory(*e); err != Errno::Success) return err;
  }
  uint64_t used = 0;
  for (uint64_t i = cookie; i < e->listing.size() && used < bufLen; ++i) {
    const DirListingEntry& d = e->listing[i];
    uint8_t header[layout::kDirentSize] = {};
    uint64_t next = i + 1;
    uint32_t namlen = static_cast<uint32_t>(d.name.size());
    std::memcpy(header + 0, &next, 8);
    std::memcpy(header + 8, &d.ino, 8);
    std::memcpy(header + 16, &namlen, 4);
    header[20] = static_cast<uint8_t>(d.type);
    uint64_t take = std::min<uint64_t>(layout::kDirentSize, bufLen - used);
    c.mem.storeBytes(static_cast<uint32_t>(buf + used), header, take);
    used += take;
    take = std::min<uint64_t>(namlen, bufLen - used);
    c.mem.storeBytes(static_cast<uint32_t>(buf + used), d.name.data(), take);
    used += take;
  }
  c.mem.store<uint32_t>(bufusedPtr, static_cast<uint32_t>(used));
  return Errno::Success;
}

}  // namespace

void registerFdMeta(Registry& r) {
  r.add("fd_close", &fdClose);
  r.add("fd_renumber", &fdRenumber);
  r.add("fd_fdstat_get", &fdFdstatGet);
  r.add("fd_fdstat_set_flags", &fdFdstatSetFlags);
  r.add("fd_fdstat_set_rights", &fdFdstatSetRights);
  r.add("fd_filestat_get", &fdFilestatGet);
  r.add("fd_filestat_set_size", &fdFilestatSetSize);
  r.add("fd_filestat_set_times", &fdFilestatSetTimes);
  r.add("fd_prestat_get", &fdPrestatGet);
  r.add("fd_prestat_dir_name", &fdPrestatDirName);
  r.add("fd_readdir", &fdReaddir);
}

}  // namespace witt::wasi
