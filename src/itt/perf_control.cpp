#include "itt/perf_control.h"

#include <cerrno>
#include <chrono>
#include <cstring>

#if defined(__linux__)
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#define WITT_HAVE_FIFO 1
#else
#define WITT_HAVE_FIFO 0
#endif

namespace witt::itt {

namespace {

Error controlError(const std::string& msg) {
  return Error(ErrorKind::Usage, "--perf-control: " + msg);
}

}  // namespace

#if WITT_HAVE_FIFO

namespace {

// Opens `path`, which must be a fifo, with `flags` | O_NONBLOCK.
Result<int> openFifo(const std::string& path, int flags, const char* role) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    return controlError(std::string(role) + " fifo " + path + ": " + std::strerror(errno) +
                        " (create it with: mkfifo " + path + ")");
  if (!S_ISFIFO(st.st_mode))
    return controlError(std::string(role) + " fifo " + path +
                        ": not a fifo (create it with: mkfifo " + path + ")");
  int fd = ::open(path.c_str(), flags | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENXIO)  // O_WRONLY | O_NONBLOCK on a fifo nobody reads
      return controlError(std::string(role) + " fifo " + path +
                          ": no process reads it; start witt under perf, e.g. perf stat -D -1 "
                          "--control fifo:" +
                          path + "[,ACK] -- witt run ...");
    return controlError(std::string(role) + " fifo " + path + ": " + std::strerror(errno));
  }
  return fd;
}

// write(2) with SIGPIPE blocked, so that a perf that went away makes the
// write fail with EPIPE instead of killing witt.
ssize_t writeNoSigpipe(int fd, const char* data, size_t size) {
  sigset_t pipe, old;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, &old);
  ssize_t n = ::write(fd, data, size);
  if (n < 0 && errno == EPIPE) {
    int err = errno;
    // Consume the SIGPIPE this write raised before unblocking it.
    struct timespec zero = {0, 0};
    sigtimedwait(&pipe, nullptr, &zero);
    errno = err;
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return n;
}

}  // namespace

Result<PerfControl> PerfControl::open(std::string_view spec, int ackTimeoutMs) {
  if (spec.substr(0, 5) == "fifo:") spec.remove_prefix(5);
  if (spec.substr(0, 3) == "fd:")
    return controlError(
        "'fd:' needs file descriptors inherited from perf; give fifo paths: CTL[,ACK]");
  size_t comma = spec.find(',');
  PerfControl pc;
  pc.ctlPath_ = std::string(spec.substr(0, comma));
  if (comma != std::string_view::npos) pc.ackPath_ = std::string(spec.substr(comma + 1));
  if (pc.ctlPath_.empty() || (comma != std::string_view::npos && pc.ackPath_.empty()))
    return controlError("expected CTL[,ACK] (fifo paths), got '" + std::string(spec) + "'");
  pc.ackTimeoutMs_ = ackTimeoutMs;
  // The ack fifo first: opening it for reading never blocks, and perf may
  // wait for its reader before it starts reading commands.
  if (!pc.ackPath_.empty()) {
    auto fd = openFifo(pc.ackPath_, O_RDONLY, "ack");
    if (!fd.ok()) return std::move(fd).error();
    pc.ack_ = *fd;
  }
  auto fd = openFifo(pc.ctlPath_, O_WRONLY, "control");
  if (!fd.ok()) return std::move(fd).error();
  pc.ctl_ = *fd;
  // Commands are a few bytes (atomic on a pipe): blocking writes are fine.
  int flags = fcntl(pc.ctl_, F_GETFL);
  if (flags >= 0) fcntl(pc.ctl_, F_SETFL, flags & ~O_NONBLOCK);
  return pc;
}

Result<void> PerfControl::send(const char* command) {
  if (ctl_ < 0) return controlError("not open");
  std::string line = std::string(command) + "\n";
  ssize_t n = writeNoSigpipe(ctl_, line.data(), line.size());
  if (n != static_cast<ssize_t>(line.size()))
    return controlError("writing '" + std::string(command) + "' to " + ctlPath_ + ": " +
                        (n < 0 ? std::strerror(errno) : "short write") +
                        (n < 0 && errno == EPIPE ? " (perf exited?)" : ""));
  if (ack_ >= 0) {
    if (auto r = waitAck(); !r.ok()) return r;
  }
  ++commands_;
  enabled_ = std::strcmp(command, "enable") == 0    ? true
             : std::strcmp(command, "disable") == 0 ? false
                                                    : enabled_;
  return {};
}

Result<void> PerfControl::waitAck() {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(ackTimeoutMs_);
  while (true) {
    // perf writes "ack\n" (followed by a NUL in some versions): drop NULs and
    // consume up to the first complete "ack\n".
    std::erase(pending_, '\0');
    if (size_t at = pending_.find("ack\n"); at != std::string::npos) {
      pending_.erase(0, at + 4);
      return {};
    }
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0)
      return controlError("no 'ack' from perf on " + ackPath_ + " within " +
                          std::to_string(ackTimeoutMs_) + " ms");
    struct pollfd p = {ack_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left));
    if (r < 0) {
      if (errno == EINTR) continue;
      return controlError(std::string("waiting for 'ack' on ") + ackPath_ + ": " +
                          std::strerror(errno));
    }
    if (r == 0) continue;  // the deadline check above reports it
    char buf[64];
    ssize_t n = ::read(ack_, buf, sizeof buf);
    if (n > 0) {
      pending_.append(buf, static_cast<size_t>(n));
    } else if (n == 0 || (p.revents & POLLHUP)) {
      return controlError("perf closed the ack fifo " + ackPath_ + " (perf exited?)");
    } else if (errno != EAGAIN && errno != EINTR) {
      return controlError(std::string("reading ") + ackPath_ + ": " + std::strerror(errno));
    }
  }
}

void PerfControl::close() {
  if (ctl_ >= 0) ::close(ctl_);
  if (ack_ >= 0) ::close(ack_);
  ctl_ = ack_ = -1;
}

#else  // no fifos

Result<PerfControl> PerfControl::open(std::string_view, int) {
  return controlError("perf control fifos need Linux");
}
Result<void> PerfControl::send(const char*) { return controlError("unsupported on this host"); }
Result<void> PerfControl::waitAck() { return controlError("unsupported on this host"); }
void PerfControl::close() {}

#endif

PerfControl::PerfControl(PerfControl&& other) noexcept { *this = std::move(other); }

PerfControl& PerfControl::operator=(PerfControl&& other) noexcept {
  if (this != &other) {
    close();
    ctl_ = std::exchange(other.ctl_, -1);
    ack_ = std::exchange(other.ack_, -1);
    ctlPath_ = std::move(other.ctlPath_);
    ackPath_ = std::move(other.ackPath_);
    pending_ = std::move(other.pending_);
    ackTimeoutMs_ = other.ackTimeoutMs_;
    enabled_ = other.enabled_;
    commands_ = other.commands_;
  }
  return *this;
}

PerfControl::~PerfControl() { close(); }

}  // namespace witt::itt
