// The sandboxed path resolver: turns a guest path relative to a directory fd
// into (host directory fd, final component) without ever leaving that
// directory.
//
// WASI paths are capabilities: a path given with a directory fd names
// something beneath that directory and nothing else
// (https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-path_openfd-fd-dirflags-lookupflags-path-string-oflags-oflags-fs_rights_base-rights-fs_rights_inheriting-rights-fdflags-fdflags---resultfd-errno).
// The host kernel is never handed a path with more than one component: the
// resolver walks the path itself, one component at a time, opening each
// directory with openat(O_NOFOLLOW) and expanding each symbolic link with
// readlinkat, so that
//   - an absolute path, or a `..` that would climb above the starting
//     directory, is refused with `notcapable`;
//   - a symbolic link is followed only through this same resolver: an
//     absolute target is refused with `notcapable`, a relative one climbs no
//     higher than the starting directory either;
//   - more than 40 link expansions give `loop` (Linux's limit).
// The caller then performs its operation with an *at() call on (dirFd, name)
// that does not follow a final symbolic link (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW).
#pragma once

#include <string>
#include <string_view>

#include "wasi/abi.h"
#include "wasi/fd_table.h"

namespace witt::wasi {

struct ResolvedPath {
  int dirFd = -1;          // the directory holding `name`: the base fd or `held`
  std::string name;        // one component; "." when the path names the directory itself
  bool mustBeDir = false;  // the path ended in '/': it must name a directory
  UniqueFd held;           // owns dirFd when the walk went below the base

  ResolvedPath() = default;
  ResolvedPath(ResolvedPath&&) = default;
  ResolvedPath& operator=(ResolvedPath&&) = default;
};

inline constexpr int kMaxSymlinkExpansions = 40;

// Resolves `path` beneath the host directory `baseFd`. When `followFinal`,
// a symbolic link in the last component is expanded too (as is one followed
// by a trailing slash, which POSIX resolves). Errors: `noent` for an empty
// path or a missing intermediate directory, `notdir` when an intermediate
// component is not a directory, `notcapable` for an escape, `loop` for too
// many links. A missing final component is not an error: the caller decides
// (creating it, or reporting `noent`).
Errno resolvePath(int baseFd, std::string_view path, bool followFinal, ResolvedPath& out);

}  // namespace witt::wasi
