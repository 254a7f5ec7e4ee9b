// EventLog: a tracer writing every hook it receives as a line of text with
// its arguments, for tests that compare event sequences (traced folding,
// batches, inlined hooks).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "witt/engine.h"
#include "witt/inlined_hooks.h"
#include "witt/tracer.h"

namespace witt::test {

// Every hook, written out with its arguments, on Base (a Tracer, or
// InlinedHooks).
template <class Base>
class EventLogHooks : public Base {
 public:
  std::vector<std::string> log;
  uint64_t opEvents = 0;

  void onOp(uint32_t op) override {
    ++opEvents;
    add("op", op);
  }
  void onInstr(const InstrEvent& e) override {
    log.push_back("instr " + std::to_string(e.funcIdx) + "@" + std::to_string(e.offset) + " " +
                  e.name + " " + std::to_string(e.prefix) + "/" + std::to_string(e.code));
  }
  void onOps(uint64_t n) override { add("ops", n); }
  void onCall(uint32_t f) override { add("call", f); }
  void onHostCall(uint32_t f) override { add("host", f); }
  void onReturn(uint32_t f) override { add("return", f); }
  void onThrow(uint32_t t) override { add("throw", t); }
  void onTrap(const Error& e) override { log.push_back("trap " + e.message); }
  void onBlock(uint32_t f, uint32_t offset, BlockKind k) override {
    log.push_back("block " + std::to_string(f) + "@" + std::to_string(offset) + " " +
                  std::to_string(static_cast<int>(k)));
  }
  void onBranch(const BranchEvent& e) override {
    log.push_back("branch @" + std::to_string(e.offset) + " ->" + std::to_string(e.targetOffset) +
                  " k" + std::to_string(static_cast<int>(e.kind)) + (e.taken ? " taken" : " not") +
                  " d" + std::to_string(e.depth));
  }
  void onMemory(const MemoryEvent& e) override {
    log.push_back("mem @" + std::to_string(e.offset) + " m" + std::to_string(e.memory) + " " +
                  std::to_string(e.address) + "+" + std::to_string(e.size) +
                  (e.store ? " st" : " ld"));
  }
  void onEnter(uint32_t f, std::span<const Value> args) override {
    std::string s = "enter " + std::to_string(f);
    for (const Value& v : args) s += " " + toString(v);
    log.push_back(s);
  }
  void onMark(uint32_t id, uint32_t f, uint32_t offset, uint64_t n) override {
    log.push_back("mark " + std::to_string(id) + " " + std::to_string(f) + "@" +
                  std::to_string(offset) + " #" + std::to_string(n));
  }

 private:
  void add(const char* what, uint64_t v) {
    log.push_back(std::string(what) + " " + std::to_string(v));
  }
};

// The events of `mask`, each hook written out.
class EventLog : public EventLogHooks<Tracer> {
 public:
  explicit EventLog(uint32_t mask) : mask_(mask) {}
  uint32_t events() const override { return mask_; }

 private:
  uint32_t mask_;
};

// The same with the per-instruction hooks inlined into a loop over each run.
class InlinedEventLog final : public EventLogHooks<InlinedHooks<InlinedEventLog>> {
 public:
  explicit InlinedEventLog(uint32_t mask) : mask_(mask) {}
  uint32_t hookEvents() const { return mask_; }

 private:
  uint32_t mask_;
};

}  // namespace witt::test
