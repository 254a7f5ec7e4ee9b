// The guest's file descriptor table: WASI fd numbers mapped to host file
// descriptors, with each fd's type, rights and flags
// (https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-fdstat-record).
//
// Rights follow the preview1 capability model: every fd carries base rights
// (what may be done with it) and inheriting rights (the most that fds opened
// through it may get). A call lacking a right fails with `notcapable`.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wasi/abi.h"
#include "wasi/guest_memory.h"

namespace witt::wasi {

// An owned host file descriptor, closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept {
    if (this != &o) reset(o.release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

// One entry of a directory listing, as fd_readdir reports it.
struct DirListingEntry {
  std::string name;
  uint64_t ino = 0;
  FileType type = FileType::Unknown;
};

struct FdEntry {
  int hostFd = -1;
  bool owned = true;  // close hostFd with the entry (stdio and embedder sockets are borrowed)
  FileType type = FileType::Unknown;
  uint64_t base = 0;        // $rights that apply to this fd
  uint64_t inheriting = 0;  // $rights that fds opened through it may get
  uint16_t syncFlags = 0;   // dsync/rsync/sync as opened (the host cannot change them later)
  bool preopen = false;
  std::string preopenName;  // the guest path of a preopened directory

  // fd_readdir's snapshot of the directory, taken when a read starts at cookie 0.
  std::vector<DirListingEntry> listing;
  bool hasListing = false;

  FdEntry() = default;
  FdEntry(const FdEntry&) = delete;
  FdEntry& operator=(const FdEntry&) = delete;
  ~FdEntry();

  bool isDir() const { return type == FileType::Directory; }
  bool isSocket() const { return type == FileType::SocketStream || type == FileType::SocketDgram; }
  bool has(uint64_t r) const { return (base & r) == r; }
};

class FdTable {
 public:
  // The entry of `fd`, or nullptr.
  FdEntry* get(uint32_t fd) const;
  // Looks `fd` up and checks that it has all of `rights`: `badf` when it is
  // not open, `notcapable` when a right is missing.
  Errno lookup(uint32_t fd, uint64_t rights, FdEntry*& out) const;

  // Stores the entry at the lowest free number (as POSIX open does) and
  // returns that number; `mfile` when the table is full.
  Errno insert(std::unique_ptr<FdEntry> entry, uint32_t& fd);
  // Stores the entry at `fd`, replacing (and closing) what was there.
  void put(uint32_t fd, std::unique_ptr<FdEntry> entry);
  Errno close(uint32_t fd);
  // fd_renumber: `to` must be open; it is closed and `from` moves there.
  Errno renumber(uint32_t from, uint32_t to);

  size_t size() const { return slots_.size(); }
  static constexpr uint32_t kMaxFds = 1u << 16;

 private:
  std::vector<std::unique_ptr<FdEntry>> slots_;
};

// The most rights an fd of this type can usefully hold. path_open masks the
// requested rights with these, so a directory never gets fd_seek and a file
// never gets path_open.
uint64_t maxBaseRights(FileType t);
uint64_t maxInheritingRights(FileType t);

// The WASI file type of a host file. `fd`, when given, tells stream sockets
// from datagram sockets.
FileType fileTypeOf(const struct stat& st, int fd = -1);

// Turns the atim/mtim/fst_flags arguments of fd_filestat_set_times and
// path_filestat_set_times into utimensat's two timespecs: `inval` when a time
// is both given and "now", or for unknown flags.
Errno fileTimes(uint64_t atim, uint64_t mtim, uint32_t fstFlags, struct timespec out[2]);

// Writes a $filestat record.
bool storeFilestat(const GuestMemory& mem, uint32_t ptr, const struct stat& st, int fd = -1);

}  // namespace witt::wasi
