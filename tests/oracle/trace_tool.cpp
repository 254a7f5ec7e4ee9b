// Helpers for the tracing checks that the witt CLI does not offer:
//
//   witt_trace_tool encode IN.wat OUT.wasm
//       writes the binary witt decodes IN from (the oracle instruments
//       binaries; text modules with trace marks have no other encoder here)
//   witt_trace_tool run MODE FILE [EXPORT]
//       invokes EXPORT (default "run", no arguments) of FILE under a tracer
//       and prints its results, for bench/trace_overhead.py. MODE:
//         untraced   no tracer: the untraced loop
//         noop       a tracer whose events() is 0 (witt then runs untraced)
//         counting   CountingTracer (what `witt run --trace` attaches)
//         perop      a tracer counting onOp calls (kTraceOps)
//         perop-inlined  the same on InlinedHooks: witt delivers runs and
//                    onOp is inlined into the loop over each
//         generic    a tracer overriding every hook, with every event
//                    (kTraceAll): onOp and onInstr once per instruction
//         generic-inlined  the same on InlinedHooks
//         runs       the same tracer taking the instructions in runs
//                    (kTraceInstrRuns instead of onOp and onInstr: onInstrs
//                    does onInstr's work for each record and counts the
//                    two events) and blocks in groups (kTraceBlockRuns:
//                    onBlocks does the work of the hooks a group stands for)
//         hooks      the same with a little work per call for runs and groups
//                    too (their size and first record), as for every other
//                    hook: the engine's cost of calling every hook
//         opruns     a tracer counting the instructions of onInstrs runs
//         batched    every event of runs, taken in batches (kTraceBatches):
//                    onEvents does each event's hook work in a switch
//                    (runs' work for a run of instructions or a group of
//                    blocks)
//         events     every event in batches (blocks in groups), onEvents only
//                    counts them: what delivering every event costs the engine
//         dispatch   the generic tracer with kTraceBatches added: its hooks
//                    are called from the batch (Tracer::dispatch)
//   witt_trace_tool clock [N]
//       the cost of one steady_clock::now(), as the call profiler reads it
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "spec/module.h"
#include "witt/engine.h"
#include "witt/inlined_hooks.h"
#include "witt/tracer.h"

namespace {

using namespace witt;

class NoOpTracer : public Tracer {
 public:
  uint32_t events() const override { return 0; }
};

class PerOpTracer : public Tracer {
 public:
  uint64_t ops = 0;
  uint32_t events() const override { return kTraceOps; }
  void onOp(uint32_t) override { ++ops; }
};

// The same, onOp compiled into the loop over each run (InlinedHooks).
class InlinedPerOpTracer final : public InlinedHooks<InlinedPerOpTracer> {
 public:
  uint64_t ops = 0;
  uint32_t hookEvents() const { return kTraceOps; }
  void onOp(uint32_t) override { ++ops; }
};

// Every hook does a little work on its argument, so none is trivially empty;
// on a Tracer, or on InlinedHooks (its per-instruction hooks inlined).
// Aligned to a cache line: as a stack local its place followed the size of
// the environment, and with `sum` and `n` on two lines (this % 64 == 48)
// each hook's update waited for a store that cannot be forwarded.
template <class Base>
class alignas(64) GenericHooks : public Base {
 public:
  uint64_t sum = 0, n = 0;
  void onOp(uint32_t op) override { sum += op, ++n; }
  void onCall(uint32_t f) override { sum += f, ++n; }
  void onHostCall(uint32_t f) override { sum += f, ++n; }
  void onReturn(uint32_t f) override { sum += f, ++n; }
  void onThrow(uint32_t t) override { sum += t, ++n; }
  void onTrap(const Error&) override { ++n; }
  void onInstr(const InstrEvent& e) override { sum += e.code + e.offset, ++n; }
  void onBlock(uint32_t f, uint32_t o, BlockKind) override { sum += f + o, ++n; }
  void onBranch(const BranchEvent& e) override { sum += e.taken, ++n; }
  void onMemory(const MemoryEvent& e) override { sum += e.address, ++n; }
  void onEnter(uint32_t f, std::span<const Value> a) override { sum += f + a.size(), ++n; }
  void onMark(uint32_t id, uint32_t, uint32_t, uint64_t occ) override { sum += id + occ, ++n; }
};

class GenericTracer : public GenericHooks<Tracer> {
 public:
  uint32_t events() const override { return kTraceAll; }
};

// The same hooks and events, onOp and onInstr compiled into the loop over
// each run (InlinedHooks).
class InlinedGenericTracer final : public GenericHooks<InlinedHooks<InlinedGenericTracer>> {
 public:
  uint32_t hookEvents() const { return kTraceAll; }
};

// GenericTracer's work for a group of blocks entered back to back
// (kTraceBlockRuns): onBlock's for each, onInstr's for the opening
// instructions after the first, and the count of the events it stands for.
void blockGroupWork(std::span<const BlockEvent> blocks, uint64_t& sum, uint64_t& n) {
  uint64_t s = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const BlockEvent& b = blocks[i];
    if (i) s += openingInstr(b).code + b.offset;
    s += b.funcIdx + b.offset;
  }
  sum += s;
  n += 3 * blocks.size() - 2;  // onBlock each, onOp and onInstr for all but the first
}

// GenericTracer with the per-instruction events in runs: for each record,
// onInstr's work (code + offset; onOp's would add the same byte again), and
// the count of its onOp and onInstr events; blocks in groups.
class GenericRunsTracer : public GenericTracer {
 public:
  uint32_t events() const override {
    return (kTraceAll & ~(kTraceOps | kTraceInstrs)) | kTraceInstrRuns | kTraceBlockRuns;
  }
  void onInstrs(std::span<const InstrEvent> run) override {
    uint64_t s = 0;
    for (const InstrEvent& e : run) s += e.code + e.offset;
    sum += s;
    n += 2 * run.size();
  }
  void onBlocks(std::span<const BlockEvent> blocks) override { blockGroupWork(blocks, sum, n); }
};

// GenericRunsTracer with a little work per call for runs and groups too,
// like every other hook (their size and first record), not per record.
class GenericCallsTracer : public GenericRunsTracer {
 public:
  void onInstrs(std::span<const InstrEvent> run) override {
    sum += run.front().offset + run.size();
    n += 2 * run.size();
  }
  void onBlocks(std::span<const BlockEvent> blocks) override {
    sum += blocks.front().offset + blocks.size();
    n += 3 * blocks.size() - 2;
  }
};

// GenericTracer's work, event by event, over batches.
class GenericBatchTracer : public GenericTracer {
 public:
  uint32_t events() const override { return kTraceAll | kTraceBatches | kTraceBlockRuns; }
  void onEvents(std::span<const Event> batch) override {
    uint64_t s = 0, k = 0;
    for (const Event& e : batch) {
      switch (e.kind) {
        case EventKind::Instrs:
          for (const InstrEvent& i : e.instrs()) s += i.code + i.offset;  // as runs does
          k += 2 * e.index;
          continue;
        case EventKind::Blocks: blockGroupWork(e.blocks(), s, k); continue;
        case EventKind::Branch: s += e.taken; break;
        case EventKind::Memory: s += e.value; break;
        case EventKind::Enter: s += e.index + e.value; break;
        case EventKind::Mark: s += e.mark().id + e.value; break;
        default: s += e.index; break;  // calls, returns, host calls, throws
      }
      ++k;
    }
    sum += s;
    n += k;
  }
};

class EventCountTracer : public GenericTracer {
 public:
  uint32_t events() const override { return kTraceAll | kTraceBatches | kTraceBlockRuns; }
  void onEvents(std::span<const Event> batch) override { n += batch.size(); }
};

class DispatchTracer : public GenericTracer {
 public:
  uint32_t events() const override { return kTraceAll | kTraceBatches; }
};

class OpRunsTracer : public Tracer {
 public:
  uint64_t ops = 0;
  uint32_t events() const override { return kTraceInstrRuns; }
  void onInstrs(std::span<const InstrEvent> run) override { ops += run.size(); }
};

int encode(const char* in, const char* out) {
  auto m = Module::fromFile(in);
  if (!m.ok()) {
    std::fprintf(stderr, "%s\n", m.error().describe().c_str());
    return 1;
  }
  // A text module is parsed, encoded, then decoded: its pool is that binary.
  const std::vector<uint8_t>& bytes = m->ir().bytes;
  std::ofstream f(out, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return f ? 0 : 1;
}

int run(const std::string& mode, const char* file, const char* name) {
  auto m = Module::fromFile(file);
  if (!m.ok()) {
    std::fprintf(stderr, "%s\n", m.error().describe().c_str());
    return 1;
  }
  auto inst = Instance::create(*m);
  if (!inst.ok()) {
    std::fprintf(stderr, "%s\n", inst.error().describe().c_str());
    return 1;
  }
  NoOpTracer noop;
  CountingTracer counting;
  PerOpTracer perop;
  InlinedPerOpTracer peropInlined;
  GenericTracer generic;
  InlinedGenericTracer genericInlined;
  GenericRunsTracer runs;
  GenericCallsTracer hooks;
  OpRunsTracer opruns;
  GenericBatchTracer batched;
  DispatchTracer dispatch;
  EventCountTracer eventCount;
  // Each mode's tracer, and what it reports after the run (events or instructions).
  struct Mode {
    const char* name;
    Tracer* tracer;
    const uint64_t* events;  // a GenericHooks tracer's event count (n)
    const uint64_t* sum;     // and the sum of its hooks' work
    const uint64_t* instructions;
  };
  const Mode modes[] = {
      {"untraced", &Tracer::none(), nullptr, nullptr, nullptr},
      {"noop", &noop, nullptr, nullptr, nullptr},
      {"counting", &counting, nullptr, nullptr, nullptr},
      {"perop", &perop, nullptr, nullptr, &perop.ops},
      {"perop-inlined", &peropInlined, nullptr, nullptr, &peropInlined.ops},
      {"opruns", &opruns, nullptr, nullptr, &opruns.ops},
      {"generic", &generic, &generic.n, &generic.sum, nullptr},
      {"generic-inlined", &genericInlined, &genericInlined.n, &genericInlined.sum, nullptr},
      {"runs", &runs, &runs.n, &runs.sum, nullptr},
      {"hooks", &hooks, &hooks.n, &hooks.sum, nullptr},
      {"batched", &batched, &batched.n, &batched.sum, nullptr},
      {"dispatch", &dispatch, &dispatch.n, &dispatch.sum, nullptr},
      {"events", &eventCount, &eventCount.n, &eventCount.sum, nullptr}};
  const Mode* chosen = nullptr;
  for (const Mode& candidate : modes)
    if (mode == candidate.name) chosen = &candidate;
  if (!chosen) {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
  }
  auto r = inst->invoke(name, {}, *chosen->tracer);
  if (!r.ok()) {
    std::fprintf(stderr, "%s\n", r.error().describe().c_str());
    return 1;
  }
  for (const Value& v : *r) std::printf("%lld\n", static_cast<long long>(v.i64));
  if (chosen->events)
    std::fprintf(stderr, "events: %llu sum: %llu\n",
                 static_cast<unsigned long long>(*chosen->events),
                 static_cast<unsigned long long>(*chosen->sum));
  if (chosen->instructions)
    std::fprintf(stderr, "instructions: %llu\n",
                 static_cast<unsigned long long>(*chosen->instructions));
  return 0;
}

int clock(long n) {
  using C = std::chrono::steady_clock;
  uint64_t sink = 0;
  auto t0 = C::now();
  for (long i = 0; i < n; ++i) sink += static_cast<uint64_t>(C::now().time_since_epoch().count());
  auto t1 = C::now();
  double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(n);
  std::printf("steady_clock::now(): %.1f ns per read (%ld reads, sink %llu)\n", ns, n,
              static_cast<unsigned long long>(sink & 1));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "encode") == 0) return encode(argv[2], argv[3]);
  if ((argc == 4 || argc == 5) && std::strcmp(argv[1], "run") == 0)
    return run(argv[2], argv[3], argc == 5 ? argv[4] : "run");
  if ((argc == 2 || argc == 3) && std::strcmp(argv[1], "clock") == 0)
    return clock(argc == 3 ? std::atol(argv[2]) : 10000000);
  std::fprintf(
      stderr,
      "usage: witt_trace_tool encode IN OUT.wasm\n"
      "       witt_trace_tool run "
      "untraced|noop|counting|perop|perop-inlined|generic|generic-inlined|runs|hooks|opruns|"
      "batched|events|dispatch "
      "FILE [EXPORT]\n"
      "       witt_trace_tool clock [N]\n");
  return 2;
}
