// Driving an external `perf` from trace-mark regions: perf runs witt with its
// events disabled (`perf stat|record -D -1 --control fifo:CTL,ACK`) and witt
// writes `enable` when a region starts and `disable` when the last active one
// stops, waiting each time for perf's `ack` so that no instruction of the
// region runs before perf counts it. This is the "perf events" consumer the
// instrument-tracing proposal's users asked for
// (https://github.com/WebAssembly/instrument-tracing), over perf's documented
// control interface (perf-stat(1), perf-record(1), option --control).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "witt/result.h"

namespace witt::itt {

class PerfControl {
 public:
  // `spec` is "CTL" or "CTL,ACK" (paths of fifos made with mkfifo), with or
  // without perf's own "fifo:" prefix. Without ACK no acknowledgement is
  // awaited. Fails with the path and the cause when CTL is not a fifo or no
  // process (perf) has it open for reading.
  static Result<PerfControl> open(std::string_view spec, int ackTimeoutMs = 5000);

  PerfControl(PerfControl&& other) noexcept;
  PerfControl& operator=(PerfControl&& other) noexcept;
  PerfControl(const PerfControl&) = delete;
  PerfControl& operator=(const PerfControl&) = delete;
  ~PerfControl();

  Result<void> enable() { return send("enable"); }
  Result<void> disable() { return send("disable"); }
  bool enabled() const { return enabled_; }
  uint64_t commands() const { return commands_; }  // commands sent (acknowledged)
  const std::string& controlPath() const { return ctlPath_; }

 private:
  PerfControl() = default;
  Result<void> send(const char* command);
  Result<void> waitAck();
  void close();

  int ctl_ = -1, ack_ = -1;
  std::string ctlPath_, ackPath_;
  std::string pending_;  // bytes read from the ack fifo not consumed yet
  int ackTimeoutMs_ = 5000;
  bool enabled_ = false;
  uint64_t commands_ = 0;
};

}  // namespace witt::itt
