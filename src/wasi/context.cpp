#include "wasi/context.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace witt::wasi {

namespace {

// Sets KEY=VALUE in `env`, replacing an earlier entry of the same key.
void setEnv(std::vector<std::string>& env, const std::string& entry) {
  std::string_view key = std::string_view(entry).substr(0, entry.find('='));
  for (std::string& e : env) {
    if (std::string_view(e).substr(0, e.find('=')) == key) {
      e = entry;
      return;
    }
  }
  env.push_back(entry);
}

}  // namespace

Result<std::shared_ptr<Context>> createContext(const WasiConfig& config) {
  auto ctx = std::make_shared<Context>();
  ctx->args = config.args;
  if (config.inheritEnv)
    for (char** e = environ; e && *e; ++e) ctx->env.emplace_back(*e);
  for (const std::string& e : config.env) setEnv(ctx->env, e);

  // stdio: borrowed host fds, with the rights their type allows.
  const int stdio[3] = {config.stdinFd, config.stdoutFd, config.stderrFd};
  for (uint32_t i = 0; i < 3; ++i) {
    struct stat st;
    if (stdio[i] < 0 || fstat(stdio[i], &st) != 0) continue;
    auto e = std::make_unique<FdEntry>();
    e->hostFd = stdio[i];
    e->owned = false;
    e->type = fileTypeOf(st, stdio[i]);
    e->base = maxBaseRights(e->type);
    ctx->fds.put(i, std::move(e));
  }

  // Preopened directories from fd 3 on, with every directory right, and
  // every right to hand on to what is opened beneath them.
  uint32_t next = 3;
  for (const WasiPreopen& p : config.preopens) {
    int h = open(p.hostPath.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (h < 0)
      return Error(ErrorKind::Io,
                   "cannot open directory '" + p.hostPath + "': " + std::strerror(errno));
    auto e = std::make_unique<FdEntry>();
    e->hostFd = h;
    e->type = FileType::Directory;
    e->base = maxBaseRights(e->type);
    e->inheriting = maxInheritingRights(e->type);
    e->preopen = true;
    e->preopenName = p.guestPath.empty() ? p.hostPath : p.guestPath;
    ctx->fds.put(next++, std::move(e));
  }

  // The embedder's sockets after the directories: wasi-libc stops scanning
  // for preopened directories at the first fd that is not one.
  for (int s : config.sockets) {
    struct stat st;
    if (fstat(s, &st) != 0 || !S_ISSOCK(st.st_mode))
      return Error(ErrorKind::Usage, "host fd " + std::to_string(s) + " is not a socket");
    auto e = std::make_unique<FdEntry>();
    e->hostFd = s;
    e->owned = false;
    e->type = fileTypeOf(st, s);
    e->base = maxBaseRights(e->type);
    ctx->fds.put(next++, std::move(e));
  }
  return ctx;
}

}  // namespace witt::wasi
