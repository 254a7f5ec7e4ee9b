#include "wasi/path_resolver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <vector>

#include "wasi/errno_map.h"

namespace witt::wasi {

namespace {

// Appends the non-empty components of `path` ("a//b/" -> a, b).
void split(std::string_view path, std::vector<std::string>& out) {
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
}

// readlinkat into a string of any length.
Errno readLink(int dirFd, const std::string& name, std::string& out) {
  std::vector<char> buf(256);
  for (;;) {
    ssize_t n = readlinkat(dirFd, name.c_str(), buf.data(), buf.size());
    if (n < 0) return lastHostError();
    if (static_cast<size_t>(n) < buf.size()) {
      out.assign(buf.data(), static_cast<size_t>(n));
      return Errno::Success;
    }
    if (buf.size() > (1u << 20)) return Errno::NameTooLong;
    buf.resize(buf.size() * 2);
  }
}

}  // namespace

Errno resolvePath(int baseFd, std::string_view path, bool followFinal, ResolvedPath& out) {
  if (path.empty()) return Errno::NoEnt;
  // Absolute paths name the host's root: never reachable through a capability.
  if (path.front() == '/') return Errno::NotCapable;

  std::vector<std::string> parts;
  split(path, parts);
  std::deque<std::string> queue(parts.begin(), parts.end());
  bool trailingSlash = path.back() == '/';

  // The directories entered below baseFd, innermost last. Popping one for
  // `..` returns to its real parent: each was opened by name relative to the
  // previous one with O_NOFOLLOW, so the stack is the actual chain of parents.
  std::vector<UniqueFd> stack;
  auto current = [&] { return stack.empty() ? baseFd : stack.back().get(); };
  auto finish = [&](std::string name) {
    out.name = std::move(name);
    out.mustBeDir = trailingSlash;
    if (stack.empty()) {
      out.dirFd = baseFd;
      out.held.reset();
    } else {
      out.held = std::move(stack.back());
      out.dirFd = out.held.get();
    }
    return Errno::Success;
  };

  int expansions = 0;
  while (!queue.empty()) {
    std::string comp = std::move(queue.front());
    queue.pop_front();
    bool last = queue.empty();

    if (comp == ".") {
      if (last) return finish(".");
      continue;
    }
    if (comp == "..") {
      if (stack.empty()) return Errno::NotCapable;  // would climb above the capability
      stack.pop_back();
      if (last) return finish(".");
      continue;
    }
    // The final component, not to be followed: the caller's *at() call will
    // not follow it either.
    if (last && !followFinal && !trailingSlash) return finish(std::move(comp));

    struct stat st;
    if (fstatat(current(), comp.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      int e = errno;
      if (e == ENOENT && last) return finish(std::move(comp));
      return fromHostErrno(e);
    }

    if (S_ISLNK(st.st_mode)) {
      if (++expansions > kMaxSymlinkExpansions) return Errno::Loop;
      std::string target;
      if (Errno e = readLink(current(), comp, target); e != Errno::Success) return e;
      if (target.empty()) return Errno::NoEnt;
      if (target.front() == '/') return Errno::NotCapable;  // points outside every capability
      // The link's target replaces it, relative to the directory holding it.
      std::vector<std::string> targetParts;
      split(target, targetParts);
      if (last && target.back() == '/') trailingSlash = true;
      queue.insert(queue.begin(), targetParts.begin(), targetParts.end());
      continue;
    }

    if (S_ISDIR(st.st_mode)) {
      if (last) return finish(std::move(comp));
      int fd = openat(current(), comp.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) return lastHostError();
      stack.emplace_back(fd);
      continue;
    }

    if (last) return finish(std::move(comp));
    return Errno::NotDir;  // a file used as a directory
  }
  // Only reachable for a path of slashes alone, refused above.
  return finish(".");
}

}  // namespace witt::wasi
