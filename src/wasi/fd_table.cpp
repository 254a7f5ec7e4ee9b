#include "wasi/fd_table.h"

#include <sys/socket.h>
#include <unistd.h>

namespace witt::wasi {

void UniqueFd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

FdEntry::~FdEntry() {
  if (owned && hostFd >= 0) ::close(hostFd);
}

FdEntry* FdTable::get(uint32_t fd) const { return fd < slots_.size() ? slots_[fd].get() : nullptr; }

Errno FdTable::lookup(uint32_t fd, uint64_t rights, FdEntry*& out) const {
  out = get(fd);
  if (!out) return Errno::Badf;
  if (!out->has(rights)) return Errno::NotCapable;
  return Errno::Success;
}

Errno FdTable::insert(std::unique_ptr<FdEntry> entry, uint32_t& fd) {
  for (uint32_t i = 0; i < slots_.size(); ++i) {
    if (!slots_[i]) {
      slots_[i] = std::move(entry);
      fd = i;
      return Errno::Success;
    }
  }
  if (slots_.size() >= kMaxFds) return Errno::Mfile;
  fd = static_cast<uint32_t>(slots_.size());
  slots_.push_back(std::move(entry));
  return Errno::Success;
}

void FdTable::put(uint32_t fd, std::unique_ptr<FdEntry> entry) {
  if (fd >= slots_.size()) slots_.resize(fd + 1);
  slots_[fd] = std::move(entry);
}

Errno FdTable::close(uint32_t fd) {
  if (!get(fd)) return Errno::Badf;
  slots_[fd].reset();
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return Errno::Success;
}

Errno FdTable::renumber(uint32_t from, uint32_t to) {
  if (!get(from) || !get(to)) return Errno::Badf;
  if (from == to) return Errno::Success;
  slots_[to] = std::move(slots_[from]);  // closes what `to` held
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return Errno::Success;
}

namespace {
using namespace rights;
// What a regular file can do: I/O, seeking, metadata, polling.
constexpr uint64_t kFileRights = FdDatasync | FdRead | FdSeek | FdFdstatSetFlags | FdSync | FdTell |
                                 FdWrite | FdAdvise | FdAllocate | FdFilestatGet |
                                 FdFilestatSetSize | FdFilestatSetTimes | PollFdReadwrite;
// What a directory can do: path operations relative to it, listing, metadata.
constexpr uint64_t kDirRights =
    FdDatasync | FdSync | FdFdstatSetFlags | PathCreateDirectory | PathCreateFile | PathLinkSource |
    PathLinkTarget | PathOpen | FdReaddir | PathReadlink | PathRenameSource | PathRenameTarget |
    PathFilestatGet | PathFilestatSetSize | PathFilestatSetTimes | FdFilestatGet |
    FdFilestatSetTimes | PathSymlink | PathRemoveDirectory | PathUnlinkFile;
// A terminal: no seek or tell, which is how wasi-libc's isatty() recognizes it.
constexpr uint64_t kTtyRights =
    FdRead | FdWrite | FdFdstatSetFlags | FdFilestatGet | FdSync | FdDatasync | PollFdReadwrite;
constexpr uint64_t kSocketRights = FdRead | FdWrite | FdFdstatSetFlags | FdFilestatGet |
                                   PollFdReadwrite | SockShutdown | SockAccept;
// Pipes and anything else: a byte stream.
constexpr uint64_t kStreamRights =
    FdRead | FdWrite | FdFdstatSetFlags | FdFilestatGet | FdSync | FdDatasync | PollFdReadwrite;
}  // namespace

uint64_t maxBaseRights(FileType t) {
  switch (t) {
    case FileType::RegularFile:
    case FileType::BlockDevice: return kFileRights;
    case FileType::Directory: return kDirRights;
    case FileType::CharacterDevice: return kTtyRights;
    case FileType::SocketDgram:
    case FileType::SocketStream: return kSocketRights;
    default: return kStreamRights;
  }
}

uint64_t maxInheritingRights(FileType t) {
  return t == FileType::Directory ? kDirRights | kFileRights : 0;
}

FileType fileTypeOf(const struct stat& st, int fd) {
  switch (st.st_mode & S_IFMT) {
    case S_IFREG: return FileType::RegularFile;
    case S_IFDIR: return FileType::Directory;
    case S_IFCHR: return FileType::CharacterDevice;
    case S_IFBLK: return FileType::BlockDevice;
    case S_IFLNK: return FileType::SymbolicLink;
    case S_IFSOCK: {
      int type = SOCK_STREAM;
      socklen_t len = sizeof(type);
      if (fd >= 0) getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len);
      return type == SOCK_DGRAM ? FileType::SocketDgram : FileType::SocketStream;
    }
    default: return FileType::Unknown;  // FIFOs: WASI has no type for them
  }
}

namespace {
uint64_t nanos(const struct timespec& ts) {
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}
}  // namespace

Errno fileTimes(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec out[2]) {
  namespace f = fstflags;
  if (fst & ~uint32_t(f::All)) return Errno::Inval;
  if ((fst & f::Atim) && (fst & f::AtimNow)) return Errno::Inval;
  if ((fst & f::Mtim) && (fst & f::MtimNow)) return Errno::Inval;
  auto one = [](uint64_t t, bool set, bool now, struct timespec& ts) {
    if (now) {
      ts = {0, UTIME_NOW};
    } else if (set) {
      ts.tv_sec = static_cast<time_t>(t / 1000000000ull);
      ts.tv_nsec = static_cast<long>(t % 1000000000ull);
    } else {
      ts = {0, UTIME_OMIT};
    }
  };
  one(atim, fst & f::Atim, fst & f::AtimNow, out[0]);
  one(mtim, fst & f::Mtim, fst & f::MtimNow, out[1]);
  return Errno::Success;
}

bool storeFilestat(const GuestMemory& mem, uint32_t ptr, const struct stat& st, int fd) {
  uint8_t* p = mem.range(ptr, layout::kFilestatSize);
  if (!p) return false;
  std::memset(p, 0, layout::kFilestatSize);
  mem.store<uint64_t>(ptr + 0, st.st_dev);
  mem.store<uint64_t>(ptr + 8, st.st_ino);
  mem.store<uint8_t>(ptr + 16, static_cast<uint8_t>(fileTypeOf(st, fd)));
  mem.store<uint64_t>(ptr + 24, st.st_nlink);
  mem.store<uint64_t>(ptr + 32, st.st_size);
  mem.store<uint64_t>(ptr + 40, nanos(st.st_atim));
  mem.store<uint64_t>(ptr + 48, nanos(st.st_mtim));
  mem.store<uint64_t>(ptr + 56, nanos(st.st_ctim));
  return true;
}

}  // namespace witt::wasi
