#include "itt/mark_tool.h"

#include <algorithm>

namespace witt::itt {

uint32_t MarkTool::opKey(uint8_t prefix, uint32_t code) {
  if (prefix == 0) return code & 0xFF;
  uint32_t slot;
  switch (prefix) {
    case 0xFB: slot = 0; break;
    case 0xFC: slot = 1; break;
    case 0xFD: slot = 2; break;
    case 0xFE: slot = 3; break;
    default: return kOpKeys - 1;
  }
  return code < 512 ? 256 + slot * 512 + code : kOpKeys - 1;
}

MarkTool::MarkTool(MarkToolOptions options, const spec::Module* module)
    : options_(std::move(options)), module_(module), tracker_(options_.regions) {}

MarkTool::~MarkTool() = default;

Result<std::unique_ptr<MarkTool>> MarkTool::create(MarkToolOptions options,
                                                   std::span<const uint32_t> ids,
                                                   const spec::Module* module) {
  std::unique_ptr<MarkTool> tool(new MarkTool(std::move(options), module));
  tool->moduleIds_.assign(ids.begin(), ids.end());
  std::sort(tool->moduleIds_.begin(), tool->moduleIds_.end());
  tool->moduleIds_.erase(std::unique(tool->moduleIds_.begin(), tool->moduleIds_.end()),
                         tool->moduleIds_.end());
  auto native = NativeMarks::create(tool->options_.nativeMarks, tool->moduleIds_);
  if (!native.ok()) return std::move(native).error();
  tool->native_ = std::move(native).value();
  if (!tool->options_.perfControl.empty()) {
    auto pc = PerfControl::open(tool->options_.perfControl);
    if (!pc.ok()) return std::move(pc).error();
    tool->perf_.emplace(std::move(pc).value());
  }
  if (tool->options_.measure && tool->options_.hardwareCounters) {
    auto pc = PerfCounters::open();
    if (pc.ok()) {
      tool->counters_.emplace(std::move(pc).value());
      for (const auto& [c, why] : tool->counters_->missing())
        tool->countersMissing_.push_back(std::string(toString(c)) + ": " + why);
      // The group counts from now on; regions take differences of readings,
      // so overlapping regions each get their own share.
      tool->counters_->reset();
      tool->counters_->start();
    } else {
      tool->countersUnavailable_ = pc.error().message;
    }
  }
  if (tool->options_.measure) tool->opNames_.assign(kOpKeys, nullptr);
  // Configured regions without a start trigger are active from the beginning.
  for (uint32_t r = 0; r < tool->tracker_.numRegions(); ++r)
    if (tool->tracker_.isActive(r)) tool->startRegion(r, 0, UINT32_MAX, 0);
  if (tool->tracker_.isActive()) tool->perfCommand(true);
  return tool;
}

uint32_t MarkTool::events() const {
  uint32_t e = kTraceMarks;
  if (options_.measure) {
    e |= kTraceCalls;
    if (options_.countInstructions) e |= kTraceInstrRuns;
  }
  return e;
}

MarkTool::Region& MarkTool::region(uint32_t index) {
  if (index >= regions_.size()) regions_.resize(index + 1);
  return regions_[index];
}

void MarkTool::recordSite(Region& r, bool start, uint32_t id, uint32_t funcIdx, uint32_t offset) {
  // A region in a loop is started and stopped by the same marks every time:
  // try the site used last first.
  size_t& last = start ? r.lastStartSite : r.lastStopSite;
  auto same = [&](const MarkSite& s) {
    return s.start == start && s.id == id && s.funcIndex == funcIdx && s.fileOffset == offset;
  };
  if (last < r.sites.size() && same(r.sites[last])) {
    ++r.sites[last].count;
    return;
  }
  for (size_t i = 0; i < r.sites.size(); ++i)
    if (same(r.sites[i])) {
      ++r.sites[i].count;
      last = i;
      return;
    }
  last = r.sites.size();
  MarkSite s;
  s.start = start;
  s.id = id;
  s.funcIndex = funcIdx;
  s.fileOffset = offset;
  s.offset = offset;
  if (module_ && funcIdx >= module_->numImportedFuncs &&
      funcIdx - module_->numImportedFuncs < module_->code.size()) {
    s.funcName = module_->funcName(funcIdx);
    uint32_t locals = module_->code[funcIdx - module_->numImportedFuncs].localsOffset;
    if (offset >= locals) s.offset = offset - locals;
  }
  s.count = 1;
  r.sites.push_back(std::move(s));
}

std::optional<CounterValues> MarkTool::readCounters() {
  if (!counters_) return std::nullopt;
  auto v = counters_->read();
  if (v.ok()) return *v;
  // A group that cannot be read any more is dropped: no value is made up.
  countersUnavailable_ = v.error().message;
  counters_.reset();
  return std::nullopt;
}

void MarkTool::startRegion(uint32_t index, uint32_t id, uint32_t funcIdx, uint32_t offset) {
  Region& r = region(index);
  r.active = true;
  ++r.entries;
  if (!options_.measure || finished_) return;
  if (funcIdx != UINT32_MAX) recordSite(r, true, id, funcIdx, offset);
  if (r.histogram.empty() && options_.countInstructions) r.histogram.assign(kOpKeys, 0);
  active_.push_back(index);
  r.countersAtStart = readCounters();
  r.startedAt = Clock::now();  // last: the region's clock starts after the tool's work
}

void MarkTool::stopRegion(uint32_t index, uint32_t id, uint32_t funcIdx, uint32_t offset) {
  Region& r = region(index);
  if (!r.active) return;
  r.active = false;
  if (!options_.measure) return;
  auto it = std::find(active_.begin(), active_.end(), index);
  if (it == active_.end()) return;  // started after finish(): not measured
  // First: the clock and the counters stop before the tool's own work.
  const auto now = Clock::now();
  std::optional<CounterValues> c = r.countersAtStart ? readCounters() : std::nullopt;
  r.wallNs += static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(now - r.startedAt).count());
  if (c && r.countersAtStart) {
    for (size_t k = 0; k < kNumCounters; ++k)
      if (c->values[k] && r.countersAtStart->values[k]) {
        uint64_t delta = *c->values[k] - *r.countersAtStart->values[k];
        r.counters.values[k] = r.counters.values[k].value_or(0) + delta;
      }
    r.counters.timeEnabled += c->timeEnabled - r.countersAtStart->timeEnabled;
    r.counters.timeRunning += c->timeRunning - r.countersAtStart->timeRunning;
    r.counters.scaled = r.counters.scaled || c->scaled;
    r.countersRead = true;
  }
  r.countersAtStart.reset();
  active_.erase(it);
  if (funcIdx != UINT32_MAX) recordSite(r, false, id, funcIdx, offset);
}

void MarkTool::perfCommand(bool enable) {
  if (!perf_ || perfError_) return;
  auto r = enable ? perf_->enable() : perf_->disable();
  if (!r.ok()) perfError_ = std::move(r).error();
}

void MarkTool::onMark(uint32_t id, uint32_t funcIdx, uint32_t offset, uint64_t occurrence) {
  (void)occurrence;  // the engine counts per invocation; regions count over the whole run
  ++marksExecuted_;
  const bool wasActive = tracker_.isActive();
  std::span<const RegionEvent> events = tracker_.onMark(id);
  // Stops first: the measurement ends before the native mark and the starts.
  for (const RegionEvent& e : events)
    if (e.kind == RegionEvent::Kind::Stop) stopRegion(e.region, id, funcIdx, offset);
  if (wasActive && !tracker_.isActive()) perfCommand(false);
  if (options_.nativeMarks != NativeMarkMode::None) native_->fire(id);
  if (!wasActive && tracker_.isActive()) perfCommand(true);
  for (const RegionEvent& e : events)
    if (e.kind == RegionEvent::Kind::Start) startRegion(e.region, id, funcIdx, offset);
}

void MarkTool::onInstrs(std::span<const InstrEvent> run) {
  if (active_.empty()) return;
  for (uint32_t r : active_) regions_[r].instructions += run.size();
  for (const InstrEvent& e : run) {
    const uint32_t k = opKey(e.prefix, e.code);
    if (!opNames_[k]) opNames_[k] = e.name;
    for (uint32_t r : active_) ++regions_[r].histogram[k];
  }
}

void MarkTool::onCall(uint32_t) {
  for (uint32_t r : active_) ++regions_[r].calls;
}

void MarkTool::onHostCall(uint32_t) {
  for (uint32_t r : active_) ++regions_[r].hostCalls;
}

void MarkTool::finish() {
  if (finished_) return;
  // Regions still open are measured up to here; they stay active for the
  // tracker (the report says they were open at the end).
  std::vector<uint32_t> open = active_;
  for (uint32_t r : open) {
    stopRegion(r, 0, UINT32_MAX, 0);
    regions_[r].active = true;
  }
  if (perf_ && perf_->enabled()) perfCommand(false);
  if (counters_) counters_->stop();
  finished_ = true;
}

RegionReport MarkTool::report() const {
  RegionReport rep;
  if (options_.regions.toggle()) rep.configuration = "toggle";
  for (const RegionSpec& s : options_.regions.regions)
    rep.configuration += (rep.configuration.empty() ? "" : ",") + describe(s);
  rep.instructionsCounted = options_.measure && options_.countInstructions;
  rep.nativeMarks = toString(options_.nativeMarks);
  rep.marksExecuted = marksExecuted_;
  for (uint32_t id : moduleIds_)
    if (tracker_.occurrences(id) == 0) rep.idsNeverExecuted.push_back(id);
  if (options_.measure && options_.hardwareCounters) {
    rep.countersUnavailable = countersUnavailable_;
    rep.countersMissing = countersMissing_;
  } else if (options_.measure) {
    rep.countersUnavailable = "not measured (turned off)";
  }
  if (perf_)
    rep.perfControl = perf_->controlPath() + ": " + std::to_string(perf_->commands()) +
                      " commands" + (perfError_ ? "; " + perfError_->message : "");
  const uint32_t n =
      std::max<uint32_t>(tracker_.numRegions(), static_cast<uint32_t>(regions_.size()));
  for (uint32_t i = 0; i < n; ++i) {
    RegionStats s;
    s.index = i;
    if (options_.regions.toggle()) {
      if (auto id = tracker_.toggleId(i)) s.ids = {*id};
      s.trigger = "toggle";
    } else {
      const RegionSpec& spec = options_.regions.regions[i];
      if (spec.start) s.ids.push_back(spec.start->id);
      if (spec.stop && (!spec.start || spec.stop->id != spec.start->id))
        s.ids.push_back(spec.stop->id);
      s.trigger = describe(spec);
      s.sdeControl = toSdeControl(RegionConfig{{spec}});
    }
    if (i < regions_.size()) {
      const Region& r = regions_[i];
      s.entries = r.entries;
      s.openAtEnd = r.active;
      s.sites = r.sites;
      std::stable_sort(s.sites.begin(), s.sites.end(), [](const MarkSite& a, const MarkSite& b) {
        return a.start != b.start ? a.start : a.fileOffset < b.fileOffset;
      });
      s.calls = r.calls;
      s.hostCalls = r.hostCalls;
      s.wallNs = r.wallNs;
      if (rep.instructionsCounted) {
        s.instructions = r.instructions;
        for (uint32_t k = 0; k < r.histogram.size(); ++k)
          if (r.histogram[k])
            s.opcodes.push_back({opNames_[k] ? opNames_[k] : "?", r.histogram[k]});
        std::sort(s.opcodes.begin(), s.opcodes.end(),
                  [](const OpcodeCount& a, const OpcodeCount& b) {
                    return a.count != b.count ? a.count > b.count : a.name < b.name;
                  });
      }
      if (r.countersRead) s.counters = r.counters;
    } else if (options_.measure && options_.countInstructions) {
      s.instructions = 0;
    }
    rep.regions.push_back(std::move(s));
  }
  return rep;
}

}  // namespace witt::itt
