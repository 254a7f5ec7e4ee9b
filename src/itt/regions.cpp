#include "itt/regions.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace witt::itt {

namespace {

Error usage(std::string msg) { return Error(ErrorKind::Usage, "--regions: " + std::move(msg)); }

// Splits on commas and whitespace; a leading '-' of a token is dropped
// ("-start:18:count2 -stop:19:count2" is the proposal's spelling).
std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ',' || std::isspace(static_cast<unsigned char>(s[i])))) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ',' && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::vector<std::string_view> fields(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (true) {
    size_t j = s.find(':', i);
    out.push_back(s.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  return out;
}

std::optional<uint64_t> parseNumber(std::string_view s, int base, uint64_t max) {
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    base = 16;
  }
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return std::nullopt;
    if (v > (max - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return std::nullopt;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  return v;
}

std::string describe(const RegionTrigger& t, bool start) {
  std::string s = (start ? "start:" : "stop:") + std::to_string(t.id);
  if (t.count != 1) s += ":count" + std::to_string(t.count);
  if (t.repeat) s += ":repeat";
  return s;
}

}  // namespace

Result<RegionConfig> parseRegionSpec(std::string_view spec) {
  RegionConfig config;
  std::vector<std::string_view> toks = tokens(spec);
  size_t first = 0;
  // SDE's option name may come along: "-control start:ssc:12,...".
  if (!toks.empty() && (toks[0] == "-control" || toks[0] == "control")) first = 1;
  if (toks.size() == first + 1 && toks[first] == "toggle") return config;
  for (size_t i = first; i < toks.size(); ++i) {
    std::string_view tok = toks[i];
    while (!tok.empty() && tok[0] == '-') tok.remove_prefix(1);
    std::vector<std::string_view> f = fields(tok);
    bool start;
    if (f[0] == "start")
      start = true;
    else if (f[0] == "stop")
      start = false;
    else
      return usage("'" + std::string(toks[i]) +
                   "': expected start:ID[:countN] or stop:ID[:countN]");
    size_t k = 1;
    int base = 10;
    if (k < f.size() && f[k] == "ssc") {  // SDE: the SSC mark's immediate, in hex
      base = 16;
      ++k;
    }
    if (k >= f.size()) return usage("'" + std::string(toks[i]) + "': missing the mark id");
    std::optional<uint64_t> id = parseNumber(f[k], base, UINT32_MAX);
    if (!id)
      return usage("'" + std::string(toks[i]) + "': bad mark id '" + std::string(f[k]) + "'");
    RegionTrigger t;
    t.id = static_cast<uint32_t>(*id);
    for (++k; k < f.size(); ++k) {
      const bool bare = !f[k].empty() && f[k][0] >= '0' && f[k][0] <= '9';  // "start:18:2"
      if (bare || f[k].substr(0, 5) == "count") {
        std::optional<uint64_t> n = parseNumber(bare ? f[k] : f[k].substr(5), 10, UINT64_MAX);
        if (!n || *n == 0)
          return usage("'" + std::string(toks[i]) + "': bad occurrence '" + std::string(f[k]) +
                       "' (countN with N >= 1)");
        t.count = *n;
      } else if (f[k] == "repeat") {
        t.repeat = true;
      } else {
        return usage("'" + std::string(toks[i]) + "': unknown modifier '" + std::string(f[k]) +
                     "' (countN or repeat)");
      }
    }
    if (start) {
      config.regions.push_back(RegionSpec{t, std::nullopt});
    } else if (!config.regions.empty() && config.regions.back().start &&
               !config.regions.back().stop) {
      config.regions.back().stop = t;
    } else {
      config.regions.push_back(RegionSpec{std::nullopt, t});
    }
  }
  for (const RegionSpec& r : config.regions) {
    // A one-shot stop on the very occurrence that starts the region can never
    // act (a region changes at most once per mark).
    if (r.start && r.stop && r.start->id == r.stop->id && r.start->count == r.stop->count &&
        !r.stop->repeat)
      return usage("'" + describe(*r.start, true) + "," + describe(*r.stop, false) +
                   "': the stop is the occurrence that starts the region, so it never stops; "
                   "did you mean stop:" +
                   std::to_string(r.stop->id) + ":count" + std::to_string(r.start->count + 1) +
                   "?");
  }
  return config;
}

std::string describe(const RegionSpec& region) {
  std::string s;
  if (region.start) s = describe(*region.start, true);
  if (region.stop) s += (s.empty() ? "" : ",") + describe(*region.stop, false);
  return s;
}

std::string toSdeControl(const RegionConfig& config) {
  std::string out;
  auto add = [&](const char* kind, const RegionTrigger& t) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s:ssc:%x", kind, t.id);
    if (!out.empty()) out += ',';
    out += buf;
    if (t.count != 1) out += ":count" + std::to_string(t.count);
    if (t.repeat) out += ":repeat";
  };
  for (const RegionSpec& r : config.regions) {
    if (r.start) add("start", *r.start);
    if (r.stop) add("stop", *r.stop);
  }
  return out;
}

RegionTracker::RegionTracker(RegionConfig config) : config_(std::move(config)) { reset(); }

void RegionTracker::reset() {
  regions_.clear();
  ids_.clear();
  toggleIds_.clear();
  events_.clear();
  numActive_ = 0;
  for (const RegionSpec& spec : config_.regions) {
    State s;
    s.spec = spec;
    // Without a start trigger the region is active from the beginning.
    s.active = !spec.start.has_value();
    numActive_ += s.active;
    regions_.push_back(s);
  }
}

bool RegionTracker::isActive(uint32_t region) const {
  return region < regions_.size() && regions_[region].active;
}

std::optional<uint32_t> RegionTracker::toggleId(uint32_t region) const {
  if (!config_.toggle() || region >= toggleIds_.size()) return std::nullopt;
  return toggleIds_[region];
}

uint64_t RegionTracker::occurrences(uint32_t id) const {
  const IdState* s = ids_.find(id);
  return s ? s->count : 0;
}

// Called for a trigger whose id matches, with the region in the state the
// trigger would change. Returns whether it acts now.
bool RegionTracker::tryFire(const RegionTrigger& t, bool& done, uint64_t& seen,
                            uint64_t occurrence) {
  if (t.repeat) {
    if (++seen < t.count) return false;
    seen = 0;
    return true;
  }
  if (done || occurrence != t.count) return false;
  done = true;
  return true;
}

std::span<const RegionEvent> RegionTracker::onMark(uint32_t id) {
  events_.clear();
  IdState& ids = ids_[id];
  const uint64_t occurrence = ++ids.count;
  if (config_.toggle()) {
    if (ids.toggleRegion == UINT32_MAX) {
      ids.toggleRegion = static_cast<uint32_t>(regions_.size());
      regions_.push_back(State{});
      toggleIds_.push_back(id);
    }
    const uint32_t region = ids.toggleRegion;
    State& s = regions_[region];
    s.active = !s.active;
    if (s.active)
      ++numActive_;
    else
      --numActive_;
    events_.push_back(RegionEvent{s.active ? RegionEvent::Kind::Start : RegionEvent::Kind::Stop,
                                  region, id, occurrence});
    return events_;
  }
  changed_.assign(regions_.size(), false);
  // Stops first, so that a mark ending one region and starting another
  // reports the end before the beginning.
  for (uint32_t r = 0; r < regions_.size(); ++r) {
    State& s = regions_[r];
    if (!s.spec.stop || s.spec.stop->id != id) continue;
    if (s.active) {
      if (tryFire(*s.spec.stop, s.stopDone, s.stopSeen, occurrence)) {
        s.active = false;
        --numActive_;
        changed_[r] = true;
        events_.push_back(RegionEvent{RegionEvent::Kind::Stop, r, id, occurrence});
      }
    } else if (!s.spec.stop->repeat && occurrence == s.spec.stop->count) {
      s.stopDone = true;  // its occurrence came while the region was inactive: spent
    }
  }
  for (uint32_t r = 0; r < regions_.size(); ++r) {
    State& s = regions_[r];
    if (!s.spec.start || s.spec.start->id != id) continue;
    if (!s.active && !changed_[r]) {
      if (tryFire(*s.spec.start, s.startDone, s.startSeen, occurrence)) {
        s.active = true;
        ++numActive_;
        events_.push_back(RegionEvent{RegionEvent::Kind::Start, r, id, occurrence});
      }
    } else if (!s.spec.start->repeat && occurrence == s.spec.start->count) {
      s.startDone = true;
    }
  }
  return events_;
}

}  // namespace witt::itt
