// CallProfiler: a call tree built as calls happen. Only inclusive values are
// kept on the hot path (one clock read and one subtraction per call and per
// return); exclusive values and per-function rows are derived when reported.
#include <algorithm>
#include <chrono>

#include "witt/profiles.h"

namespace witt {

CallProfiler::CallProfiler(const ProfileOptions& options) : options_(options) { reset(); }

uint32_t CallProfiler::events() const {
  // Instructions come in bulk, exact at every call and return
  // (kTraceOpCountsAtCalls): the metered code counts basic blocks, not
  // each instruction.
  return kTraceCalls | (options_.instructions ? kTraceOpCounts | kTraceOpCountsAtCalls : 0u);
}

uint64_t CallProfiler::now() const {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

void CallProfiler::reset() {
  nodes_.assign(1, Node{});
  stack_.clear();
  timeline_.clear();
  ops_ = 0;
  origin_ = 0;
  started_ = false;
  dropped_ = merged_ = 0;
}

uint32_t CallProfiler::child(uint32_t parent, uint32_t func, bool host) {
  for (uint32_t c = nodes_[parent].firstChild; c != kNone; c = nodes_[c].nextSibling)
    if (nodes_[c].func == func && nodes_[c].host == host) return c;
  if (nodes_.size() >= options_.maxNodes) return kNone;
  Node n;
  n.func = func;
  n.parent = parent;
  n.host = host;
  n.depth = nodes_[parent].depth + 1;
  n.nextSibling = nodes_[parent].firstChild;
  uint32_t id = static_cast<uint32_t>(nodes_.size());
  nodes_[parent].firstChild = id;
  nodes_.push_back(n);
  return id;
}

// A call (wasm or host) at time t: counted in its call-path node under the
// nearest recorded frame (a frame merged into its caller by maxNodes nests
// its callees there), and appended to the timeline. Returns the node (kNone
// if merged); `call` is its timeline entry (kNone if none).
uint32_t CallProfiler::enter(uint32_t funcIdx, bool host, uint64_t t, uint32_t& call) {
  if (!started_) {
    origin_ = t;
    started_ = true;
  }
  uint32_t parent = 0;
  for (size_t i = stack_.size(); i-- > 0;)
    if (stack_[i].node != kNone) {
      parent = stack_[i].node;
      break;
    }
  uint32_t n = child(parent, funcIdx, host);
  if (n == kNone)
    ++merged_;
  else
    ++nodes_[n].calls;
  call = kNone;
  if (options_.timeline) {
    if (timeline_.size() < options_.maxTimelineCalls) {
      call = static_cast<uint32_t>(timeline_.size());
      timeline_.push_back(
          Call{funcIdx, static_cast<uint32_t>(stack_.size()), host, t - origin_, t - origin_, 0});
    } else {
      ++dropped_;
    }
  }
  return n;
}

void CallProfiler::onCall(uint32_t funcIdx) {
  uint64_t t = now();
  uint32_t call = kNone;
  uint32_t n = enter(funcIdx, false, t, call);
  stack_.push_back(Frame{n, call, t, ops_});
}

void CallProfiler::onReturn(uint32_t) {
  if (stack_.empty()) return;  // not ours: a frame entered before this tracer was attached
  uint64_t t = now();
  const Frame& f = stack_.back();
  uint64_t ns = t - f.startNs, instrs = ops_ - f.startOps;
  if (f.node != kNone) {
    nodes_[f.node].ns += ns;
    nodes_[f.node].instrs += instrs;
    if (stack_.size() == 1) {
      nodes_[0].ns += ns;
      nodes_[0].instrs += instrs;
    }
  }
  if (f.call != kNone) {
    timeline_[f.call].endNs = t - origin_;
    timeline_[f.call].instrs = instrs;
  }
  stack_.pop_back();
}

// A host function has no frame: it is counted, not pushed.
void CallProfiler::onHostCall(uint32_t funcIdx) {
  uint32_t call = kNone;
  enter(funcIdx, true, now(), call);
}

uint64_t CallProfiler::selfInstrs(uint32_t node) const {
  uint64_t v = nodes_[node].instrs;
  for (uint32_t c = nodes_[node].firstChild; c != kNone; c = nodes_[c].nextSibling)
    v -= nodes_[c].instrs;
  return v;
}

uint64_t CallProfiler::selfNs(uint32_t node) const {
  uint64_t v = nodes_[node].ns;
  for (uint32_t c = nodes_[node].firstChild; c != kNone; c = nodes_[c].nextSibling)
    v -= nodes_[c].ns;
  return v;
}

uint64_t CallProfiler::totalCalls() const {
  uint64_t n = 0;
  for (size_t i = 1; i < nodes_.size(); ++i) n += nodes_[i].calls;
  return n + merged_;
}

std::vector<uint32_t> CallProfiler::children(uint32_t node, ProfileWeight weight) const {
  std::vector<uint32_t> out;
  for (uint32_t c = nodes_[node].firstChild; c != kNone; c = nodes_[c].nextSibling)
    out.push_back(c);
  bool byTime = weight == ProfileWeight::Time;
  std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
    const Node& x = nodes_[a];
    const Node& y = nodes_[b];
    uint64_t wx = byTime ? x.ns : x.instrs, wy = byTime ? y.ns : y.instrs;
    if (wx != wy) return wx > wy;
    if (x.calls != y.calls) return x.calls > y.calls;
    if (x.host != y.host) return y.host;
    return x.func < y.func;
  });
  return out;
}

std::vector<CallProfiler::FunctionRow> CallProfiler::functions(ProfileWeight sortBy) const {
  // Rows by (host, index); a depth-first walk keeps how many activations of
  // each function are open, so only outermost ones add inclusive values.
  std::map<std::pair<bool, uint32_t>, FunctionRow> rows;
  std::map<std::pair<bool, uint32_t>, uint32_t> open;
  struct Item {
    uint32_t node;
    bool leaving;
  };
  std::vector<Item> work{{0, false}};
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    const Node& n = nodes_[it.node];
    auto key = std::pair(n.host, n.func);
    if (it.leaving) {
      --open[key];
      continue;
    }
    if (it.node != 0) {
      auto [pos, fresh] = rows.try_emplace(key, FunctionRow{n.func, n.host, 0, 0, 0, 0, 0});
      FunctionRow& r = pos->second;
      r.calls += n.calls;
      r.selfInstrs += selfInstrs(it.node);
      r.selfNs += selfNs(it.node);
      if (open[key]++ == 0) {
        r.inclInstrs += n.instrs;
        r.inclNs += n.ns;
      }
      work.push_back({it.node, true});
    }
    for (uint32_t c = n.firstChild; c != kNone; c = nodes_[c].nextSibling)
      work.push_back({c, false});
  }
  std::vector<FunctionRow> out;
  for (auto& [k, r] : rows) out.push_back(r);
  bool byTime = sortBy == ProfileWeight::Time;
  std::sort(out.begin(), out.end(), [&](const FunctionRow& a, const FunctionRow& b) {
    uint64_t sa = byTime ? a.selfNs : a.selfInstrs, sb = byTime ? b.selfNs : b.selfInstrs;
    if (sa != sb) return sa > sb;
    uint64_t ia = byTime ? a.inclNs : a.inclInstrs, ib = byTime ? b.inclNs : b.inclInstrs;
    if (ia != ib) return ia > ib;
    if (a.calls != b.calls) return a.calls > b.calls;
    if (a.host != b.host) return b.host;
    return a.func < b.func;
  });
  return out;
}

}  // namespace witt
