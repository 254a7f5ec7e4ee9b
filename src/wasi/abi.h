// The wasi_snapshot_preview1 ABI: numbers, flags and record layouts exactly as
// the witx files define them.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/typenames.witx
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md
// Records are laid out in linear memory with C alignment rules; the offsets
// below are those the witx layout algorithm gives (and wasi-libc's
// static_asserts check).
#pragma once

#include <cstdint>

namespace witt::wasi {

inline constexpr const char* kModuleName = "wasi_snapshot_preview1";

// $errno (u16), in witx order.
enum class Errno : uint16_t {
  Success,
  TooBig,
  Acces,
  AddrInUse,
  AddrNotAvail,
  AfNoSupport,
  Again,
  Already,
  Badf,
  BadMsg,
  Busy,
  Canceled,
  Child,
  ConnAborted,
  ConnRefused,
  ConnReset,
  Deadlk,
  DestAddrReq,
  Dom,
  Dquot,
  Exist,
  Fault,
  Fbig,
  HostUnreach,
  Idrm,
  Ilseq,
  InProgress,
  Intr,
  Inval,
  Io,
  IsConn,
  IsDir,
  Loop,
  Mfile,
  Mlink,
  MsgSize,
  Multihop,
  NameTooLong,
  NetDown,
  NetReset,
  NetUnreach,
  Nfile,
  NoBufs,
  NoDev,
  NoEnt,
  NoExec,
  NoLck,
  NoLink,
  NoMem,
  NoMsg,
  NoProtoOpt,
  NoSpc,
  NoSys,
  NotConn,
  NotDir,
  NotEmpty,
  NotRecoverable,
  NotSock,
  NotSup,
  NotTy,
  Nxio,
  Overflow,
  OwnerDead,
  Perm,
  Pipe,
  Proto,
  ProtoNoSupport,
  ProtoType,
  Range,
  Rofs,
  Spipe,
  Srch,
  Stale,
  TimedOut,
  TxtBsy,
  Xdev,
  NotCapable,
};
static_assert(static_cast<int>(Errno::Inval) == 28 && static_cast<int>(Errno::NoEnt) == 44 &&
              static_cast<int>(Errno::NotCapable) == 76);

// $rights (u64 flags).
namespace rights {
inline constexpr uint64_t FdDatasync = 1ull << 0;
inline constexpr uint64_t FdRead = 1ull << 1;
inline constexpr uint64_t FdSeek = 1ull << 2;
inline constexpr uint64_t FdFdstatSetFlags = 1ull << 3;
inline constexpr uint64_t FdSync = 1ull << 4;
inline constexpr uint64_t FdTell = 1ull << 5;
inline constexpr uint64_t FdWrite = 1ull << 6;
inline constexpr uint64_t FdAdvise = 1ull << 7;
inline constexpr uint64_t FdAllocate = 1ull << 8;
inline constexpr uint64_t PathCreateDirectory = 1ull << 9;
inline constexpr uint64_t PathCreateFile = 1ull << 10;
inline constexpr uint64_t PathLinkSource = 1ull << 11;
inline constexpr uint64_t PathLinkTarget = 1ull << 12;
inline constexpr uint64_t PathOpen = 1ull << 13;
inline constexpr uint64_t FdReaddir = 1ull << 14;
inline constexpr uint64_t PathReadlink = 1ull << 15;
inline constexpr uint64_t PathRenameSource = 1ull << 16;
inline constexpr uint64_t PathRenameTarget = 1ull << 17;
inline constexpr uint64_t PathFilestatGet = 1ull << 18;
inline constexpr uint64_t PathFilestatSetSize = 1ull << 19;
inline constexpr uint64_t PathFilestatSetTimes = 1ull << 20;
inline constexpr uint64_t FdFilestatGet = 1ull << 21;
inline constexpr uint64_t FdFilestatSetSize = 1ull << 22;
inline constexpr uint64_t FdFilestatSetTimes = 1ull << 23;
inline constexpr uint64_t PathSymlink = 1ull << 24;
inline constexpr uint64_t PathRemoveDirectory = 1ull << 25;
inline constexpr uint64_t PathUnlinkFile = 1ull << 26;
inline constexpr uint64_t PollFdReadwrite = 1ull << 27;
inline constexpr uint64_t SockShutdown = 1ull << 28;
inline constexpr uint64_t SockAccept = 1ull << 29;
inline constexpr uint64_t All = (1ull << 30) - 1;
}  // namespace rights

// $filetype (u8).
enum class FileType : uint8_t {
  Unknown,
  BlockDevice,
  CharacterDevice,
  Directory,
  RegularFile,
  SocketDgram,
  SocketStream,
  SymbolicLink,
};

// $fdflags (u16).
namespace fdflags {
inline constexpr uint16_t Append = 1 << 0;
inline constexpr uint16_t Dsync = 1 << 1;
inline constexpr uint16_t Nonblock = 1 << 2;
inline constexpr uint16_t Rsync = 1 << 3;
inline constexpr uint16_t Sync = 1 << 4;
inline constexpr uint16_t All = 0x1f;
}  // namespace fdflags

// $oflags (u16).
namespace oflags {
inline constexpr uint16_t Creat = 1 << 0;
inline constexpr uint16_t Directory = 1 << 1;
inline constexpr uint16_t Excl = 1 << 2;
inline constexpr uint16_t Trunc = 1 << 3;
inline constexpr uint16_t All = 0xf;
}  // namespace oflags

// $lookupflags (u32).
inline constexpr uint32_t kLookupSymlinkFollow = 1;

// $fstflags (u16).
namespace fstflags {
inline constexpr uint16_t Atim = 1 << 0;
inline constexpr uint16_t AtimNow = 1 << 1;
inline constexpr uint16_t Mtim = 1 << 2;
inline constexpr uint16_t MtimNow = 1 << 3;
inline constexpr uint16_t All = 0xf;
}  // namespace fstflags

// $whence (u8).
enum class Whence : uint8_t { Set, Cur, End };

// $clockid (u32).
enum class ClockId : uint32_t { Realtime, Monotonic, ProcessCputime, ThreadCputime };

// $advice (u8): normal .. noreuse.
inline constexpr uint32_t kAdviceMax = 5;

// $eventtype (u8).
enum class EventType : uint8_t { Clock, FdRead, FdWrite };
inline constexpr uint16_t kEventFdReadwriteHangup = 1;    // $eventrwflags
inline constexpr uint16_t kSubscriptionClockAbstime = 1;  // $subclockflags

// $riflags, $roflags, $sdflags.
inline constexpr uint16_t kRecvPeek = 1, kRecvWaitall = 2;
inline constexpr uint16_t kRecvDataTruncated = 1;
inline constexpr uint8_t kShutRd = 1, kShutWr = 2;

// $preopentype (u8).
inline constexpr uint8_t kPreopenTypeDir = 0;

// Record layouts (size, and field offsets).
namespace layout {
// $iovec / $ciovec: buf u32 @0, buf_len u32 @4.
inline constexpr uint32_t kIovecSize = 8;
// $fdstat: fs_filetype u8 @0, fs_flags u16 @2, fs_rights_base u64 @8, fs_rights_inheriting u64 @16.
inline constexpr uint32_t kFdstatSize = 24;
// $filestat: dev @0, ino @8, filetype u8 @16, nlink @24, size @32, atim @40, mtim @48, ctim @56.
inline constexpr uint32_t kFilestatSize = 64;
// $dirent: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20; the name follows.
inline constexpr uint32_t kDirentSize = 24;
// $prestat: tag u8 @0, pr_name_len u32 @4.
inline constexpr uint32_t kPrestatSize = 8;
// $subscription: userdata u64 @0, tag u8 @8, union @16: clock {id u32 @16, timeout u64 @24,
// precision u64 @32, flags u16 @40}; fd_readwrite {file_descriptor u32 @16}.
inline constexpr uint32_t kSubscriptionSize = 48;
// $event: userdata u64 @0, error u16 @8, type u8 @10, fd_readwrite {nbytes u64 @16, flags u16 @24}.
inline constexpr uint32_t kEventSize = 32;
}  // namespace layout

// A readable name for an errno ("badf"), for messages and tests.
const char* errnoName(Errno e);

}  // namespace witt::wasi
