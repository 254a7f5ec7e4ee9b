// Operations on paths: path_open, path_create_directory, path_filestat_get,
// path_filestat_set_times, path_link, path_readlink, path_remove_directory,
// path_rename, path_symlink, path_unlink_file.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-path_create_directoryfd-fd-path-string---result-errno
//
// Every path goes through resolvePath (path_resolver.h), which keeps it
// beneath its directory fd; the host call then works on (directory, one
// component) and never follows a final symbolic link itself. A trailing slash
// says the path names a directory; the checks that POSIX makes for it are
// made here, on the resolved component, rather than by handing the host a
// path with a slash (which would make it follow a final link).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "wasi/errno_map.h"
#include "wasi/host_call.h"
#include "wasi/path_resolver.h"

namespace witt::wasi {

namespace {

// Looks up the directory fd `fd` (which must hold `rights`), reads the guest
// path and resolves it beneath that directory.
Errno resolveAt(Call& c, uint32_t fd, uint64_t rightsNeeded, uint32_t pathPtr, uint32_t pathLen,
                bool follow, ResolvedPath& out) {
  FdEntry* dir;
  if (Errno err = c.fds().lookup(fd, 0, dir); err != Errno::Success) return err;
  if (!dir->isDir()) return Errno::NotDir;
  if (!dir->has(rightsNeeded)) return Errno::NotCapable;
  std::string_view path;
  if (Errno err = c.mem.string(pathPtr, pathLen, path); err != Errno::Success) return err;
  return resolvePath(dir->hostFd, path, follow, out);
}

// lstat of the resolved component: `noent` when it does not exist.
Errno statOf(const ResolvedPath& r, struct stat& st) {
  return fstatat(r.dirFd, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 ? Errno::Success
                                                                         : lastHostError();
}

// A path ending in '/' names a directory: `notdir` when it names something else.
Errno checkMustBeDir(const ResolvedPath& r) {
  if (!r.mustBeDir) return Errno::Success;
  struct stat st;
  if (Errno err = statOf(r, st); err != Errno::Success) return err;
  return S_ISDIR(st.st_mode) ? Errno::Success : Errno::NotDir;
}

// For calls that create a name (link, symlink): with a trailing slash the new
// name must already be a directory, and then it exists.
Errno checkNewName(const ResolvedPath& r) {
  if (!r.mustBeDir) return Errno::Success;
  struct stat st;
  if (Errno err = statOf(r, st); err != Errno::Success) return err;
  return S_ISDIR(st.st_mode) ? Errno::Exist : Errno::NotDir;
}

Errno hostResult(int r) { return r == 0 ? Errno::Success : lastHostError(); }

Errno pathCreateDirectory(Call& c, uint32_t fd, uint32_t path, uint32_t pathLen) {
  ResolvedPath r;
  if (Errno err = resolveAt(c, fd, rights::PathCreateDirectory, path, pathLen, false, r);
      err != Errno::Success)
    return err;
  return hostResult(mkdirat(r.dirFd, r.name.c_str(), 0777));
}

Errno pathFilestatGet(Call& c, uint32_t fd, uint32_t flags, uint32_t path, uint32_t pathLen,
                      uint32_t buf) {
  ResolvedPath r;
  if (Errno err =
          resolveAt(c, fd, rights::PathFilestatGet, path, pathLen, flags & kLookupSymlinkFollow, r);
      err != Errno::Success)
    return err;
  if (!c.mem.inBounds(buf, layout::kFilestatSize)) return Errno::Fault;
  struct stat st;
  if (Errno err = statOf(r, st); err != Errno::Success) return err;
  if (r.mustBeDir && !S_ISDIR(st.st_mode)) return Errno::NotDir;
  storeFilestat(c.mem, buf, st);
  return Errno::Success;
}

Errno pathFilestatSetTimes(Call& c, uint32_t fd, uint32_t flags, uint32_t path, uint32_t pathLen,
                           uint64_t atim, uint64_t mtim, uint32_t fst) {
  struct timespec ts[2];
  if (Errno err = fileTimes(atim, mtim, fst, ts); err != Errno::Success) return err;
  ResolvedPath r;
  if (Errno err = resolveAt(c, fd, rights::PathFilestatSetTimes, path, pathLen,
                            flags & kLookupSymlinkFollow, r);
      err != Errno::Success)
    return err;
  if (Errno err = checkMustBeDir(r); err != Errno::Success) return err;
  return hostResult(utimensat(r.dirFd, r.name.c_str(), ts, AT_SYMLINK_NOFOLLOW));
}

// A hard link to a name resolved inside the sandbox can only name a file
// that is inside it. Without symlink_follow a symbolic link is linked itself
// (its target is resolved later, by the resolver, if ever).
Errno pathLink(Call& c, uint32_t oldFd, uint32_t oldFlags, uint32_t oldPath, uint32_t oldLen,
               uint32_t newFd, uint32_t newPath, uint32_t newLen) {
  ResolvedPath from, to;
  if (Errno err = resolveAt(c, oldFd, rights::PathLinkSource, oldPath, oldLen,
                            oldFlags & kLookupSymlinkFollow, from);
      err != Errno::Success)
    return err;
  if (Errno err = resolveAt(c, newFd, rights::PathLinkTarget, newPath, newLen, false, to);
      err != Errno::Success)
    return err;
  if (Errno err = checkMustBeDir(from); err != Errno::Success) return err;
  if (Errno err = checkNewName(to); err != Errno::Success) return err;
  return hostResult(linkat(from.dirFd, from.name.c_str(), to.dirFd, to.name.c_str(), 0));
}

Errno pathOpen(Call& c, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t pathLen,
               uint32_t oflagsArg, uint64_t rightsBase, uint64_t rightsInheriting,
               uint32_t fdflagsArg, uint32_t fdPtr) {
  FdEntry* dir;
  if (Errno err = c.fds().lookup(fd, 0, dir); err != Errno::Success) return err;
  if (!dir->isDir()) return Errno::NotDir;
  if ((oflagsArg & ~uint32_t(oflags::All)) || (fdflagsArg & ~uint32_t(fdflags::All)))
    return Errno::Inval;
  // The directory's rights gate the open itself (rights::path_create_file,
  // rights::path_filestat_set_size for oflags::trunc)...
  uint64_t need = rights::PathOpen;
  if (oflagsArg & oflags::Creat) need |= rights::PathCreateFile;
  if (oflagsArg & oflags::Trunc) need |= rights::PathFilestatSetSize;
  if (!dir->has(need)) return Errno::NotCapable;
  // ...and its inheriting rights the synchronized-I/O flags of the new fd.
  uint64_t needInheriting = 0;
  if (fdflagsArg & fdflags::Dsync) needInheriting |= rights::FdDatasync;
  if (fdflagsArg & (fdflags::Rsync | fdflags::Sync)) needInheriting |= rights::FdSync;
  if ((dir->inheriting & needInheriting) != needInheriting) return Errno::NotCapable;
  if ((oflagsArg & oflags::Directory) && (oflagsArg & oflags::Creat)) return Errno::Inval;
  if (!c.mem.inBounds(fdPtr, 4)) return Errno::Fault;

  std::string_view guestPath;
  if (Errno err = c.mem.string(path, pathLen, guestPath); err != Errno::Success) return err;
  ResolvedPath r;
  if (Errno err = resolvePath(dir->hostFd, guestPath, dirflags & kLookupSymlinkFollow, r);
      err != Errno::Success)
    return err;

  // The new fd gets the rights asked for, as far as the directory may hand
  // them on (asking for more is not an error: the guest reads back what it
  // got with fd_fdstat_get, as wasi-libc and Rust's std expect).
  uint64_t base = rightsBase & dir->inheriting;
  uint64_t inheriting = rightsInheriting & dir->inheriting;

  // The host access mode follows the rights: a directory asked for with
  // fd_write fails with `isdir`, as POSIX open(O_RDWR) of a directory does.
  bool read = base & (rights::FdRead | rights::FdReaddir);
  bool write = base & (rights::FdWrite | rights::FdAllocate | rights::FdFilestatSetSize);
  int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  flags |= write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY;
  if ((oflagsArg & oflags::Directory) || r.mustBeDir) flags |= O_DIRECTORY;
  if (oflagsArg & oflags::Creat) flags |= O_CREAT;
  if (oflagsArg & oflags::Excl) flags |= O_EXCL;
  if (oflagsArg & oflags::Trunc) flags |= O_TRUNC;
  if (fdflagsArg & fdflags::Append) flags |= O_APPEND;
  if (fdflagsArg & fdflags::Dsync) flags |= O_DSYNC;
  if (fdflagsArg & fdflags::Rsync) flags |= O_RSYNC;
  if (fdflagsArg & fdflags::Sync) flags |= O_SYNC;
  if (fdflagsArg & fdflags::Nonblock) flags |= O_NONBLOCK;

  // "name/" with oflags::creat: creating a directory is not open's job
  // (POSIX: `isdir`); an existing directory is simply opened.
  if ((flags & O_CREAT) && (flags & O_DIRECTORY)) {
    struct stat st;
    Errno err = statOf(r, st);
    if (err == Errno::NoEnt) return Errno::IsDir;
    if (err != Errno::Success) return err;
    if (flags & O_EXCL) return Errno::Exist;
    flags &= ~(O_CREAT | O_EXCL);
  }

  UniqueFd h(openat(r.dirFd, r.name.c_str(), flags, 0666));
  if (!h) return lastHostError();
  struct stat st;
  if (fstat(h.get(), &st) != 0) return lastHostError();

  auto entry = std::make_unique<FdEntry>();
  entry->type = fileTypeOf(st, h.get());
  entry->base = base & maxBaseRights(entry->type);
  entry->inheriting = inheriting & maxInheritingRights(entry->type);
  entry->syncFlags = fdflagsArg & (fdflags::Dsync | fdflags::Rsync | fdflags::Sync);
  entry->hostFd = h.release();
  uint32_t newFd;
  if (Errno err = c.fds().insert(std::move(entry), newFd); err != Errno::Success) return err;
  c.mem.store<uint32_t>(fdPtr, newFd);
  return Errno::Success;
}

// The link's contents, cut to the buffer if longer (as readlink(2) does).
Errno pathReadlink(Call& c, uint32_t fd, uint32_t path, uint32_t pathLen, uint32_t buf,
                   uint32_t bufLen, uint32_t bufusedPtr) {
  ResolvedPath r;
  if (Errno err = resolveAt(c, fd, rights::PathReadlink, path, pathLen, false, r);
      err != Errno::Success)
    return err;
  if (!c.mem.range(buf, bufLen) || !c.mem.inBounds(bufusedPtr, 4)) return Errno::Fault;
  std::vector<char> target(4096);
  ssize_t n;
  for (;;) {
    n = readlinkat(r.dirFd, r.name.c_str(), target.data(), target.size());
    if (n < 0) return lastHostError();
    if (static_cast<size_t>(n) < target.size()) break;
    target.resize(target.size() * 2);
  }
  uint32_t take = static_cast<uint32_t>(std::min<size_t>(static_cast<size_t>(n), bufLen));
  c.mem.storeBytes(buf, target.data(), take);
  c.mem.store<uint32_t>(bufusedPtr, take);
  return Errno::Success;
}

Errno pathRemoveDirectory(Call& c, uint32_t fd, uint32_t path, uint32_t pathLen) {
  ResolvedPath r;
  if (Errno err = resolveAt(c, fd, rights::PathRemoveDirectory, path, pathLen, false, r);
      err != Errno::Success)
    return err;
  return hostResult(unlinkat(r.dirFd, r.name.c_str(), AT_REMOVEDIR));
}

Errno pathRename(Call& c, uint32_t fd, uint32_t oldPath, uint32_t oldLen, uint32_t newFd,
                 uint32_t newPath, uint32_t newLen) {
  ResolvedPath from, to;
  if (Errno err = resolveAt(c, fd, rights::PathRenameSource, oldPath, oldLen, false, from);
      err != Errno::Success)
    return err;
  if (Errno err = resolveAt(c, newFd, rights::PathRenameTarget, newPath, newLen, false, to);
      err != Errno::Success)
    return err;
  // A trailing slash on either name says a directory is being renamed.
  if (from.mustBeDir || to.mustBeDir) {
    struct stat st;
    if (Errno err = statOf(from, st); err != Errno::Success) return err;
    if (!S_ISDIR(st.st_mode)) return Errno::NotDir;
  }
  return hostResult(renameat(from.dirFd, from.name.c_str(), to.dirFd, to.name.c_str()));
}

// A link's contents are only a string, resolved when the link is followed;
// an absolute one could never be followed inside the sandbox, so it is
// refused when created.
Errno pathSymlink(Call& c, uint32_t oldPath, uint32_t oldLen, uint32_t fd, uint32_t newPath,
                  uint32_t newLen) {
  std::string_view target;
  if (Errno err = c.mem.string(oldPath, oldLen, target); err != Errno::Success) return err;
  ResolvedPath r;
  if (Errno err = resolveAt(c, fd, rights::PathSymlink, newPath, newLen, false, r);
      err != Errno::Success)
    return err;
  if (target.empty()) return Errno::NoEnt;
  if (target.front() == '/') return Errno::NotCapable;
  if (Errno err = checkNewName(r); err != Errno::Success) return err;
  return hostResult(symlinkat(std::string(target).c_str(), r.dirFd, r.name.c_str()));
}

Errno pathUnlinkFile(Call& c, uint32_t fd, uint32_t path, uint32_t pathLen) {
  ResolvedPath r;
  if (Errno err = resolveAt(c, fd, rights::PathUnlinkFile, path, pathLen, false, r);
      err != Errno::Success)
    return err;
  if (r.mustBeDir) {
    // "name/" can only be a directory, which unlink_file does not remove.
    struct stat st;
    if (Errno err = statOf(r, st); err != Errno::Success) return err;
    return S_ISDIR(st.st_mode) ? Errno::IsDir : Errno::NotDir;
  }
  return hostResult(unlinkat(r.dirFd, r.name.c_str(), 0));
}

}  // namespace

void registerPath(Registry& r) {
  r.add("path_create_directory", &pathCreateDirectory);
  r.add("path_filestat_get", &pathFilestatGet);
  r.add("path_filestat_set_times", &pathFilestatSetTimes);
  r.add("path_link", &pathLink);
  r.add("path_open", &pathOpen);
  r.add("path_readlink", &pathReadlink);
  r.add("path_remove_directory", &pathRemoveDirectory);
  r.add("path_rename", &pathRename);
  r.add("path_symlink", &pathSymlink);
  r.add("path_unlink_file", &pathUnlinkFile);
}

}  // namespace witt::wasi
