// Profile exports for other tools: folded stacks (flamegraph.pl, speedscope),
// Chrome trace events (chrome://tracing, ui.perfetto.dev) and a standalone
// SVG flame graph.
#include <algorithm>
#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <ostream>

#include "trace/report_util.h"
#include "witt/profiles.h"

namespace witt {
namespace {

uint64_t weightOf(const CallProfiler::Node& n, ProfileWeight w) {
  return w == ProfileWeight::Time ? n.ns : n.instrs;
}

uint64_t selfWeight(const CallProfiler& p, uint32_t node, ProfileWeight w) {
  return w == ProfileWeight::Time ? p.selfNs(node) : p.selfInstrs(node);
}

}  // namespace

void writeFolded(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                 ProfileWeight weight) {
  // Depth first with the path kept as one string; `cut` restores the
  // caller's path when the walk leaves a subtree.
  std::vector<std::string> lines;
  std::string path;
  struct Item {
    uint32_t node;
    size_t cut;
  };
  std::vector<Item> work;
  for (uint32_t c : p.children(0, weight)) work.push_back({c, 0});
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    const CallProfiler::Node& n = p.nodes()[it.node];
    if (n.host) continue;  // no frame and no weight of their own
    path.resize(it.cut);
    if (!path.empty()) path += ';';
    path += trace::foldedName(names(n.func));
    if (uint64_t w = selfWeight(p, it.node, weight))
      lines.push_back(path + " " + std::to_string(w));
    for (uint32_t c : p.children(it.node, weight)) work.push_back({c, path.size()});
  }
  std::sort(lines.begin(), lines.end());
  for (const std::string& l : lines) out << l << '\n';
}

void writeChromeTrace(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                      std::string_view processName) {
  // Traces hold up to hundreds of thousands of calls: each function's name
  // is escaped once, and events are formatted with to_chars into one buffer.
  std::vector<std::string> quoted;
  auto nameOf = [&](uint32_t f) -> const std::string& {
    if (f >= quoted.size()) quoted.resize(f + 1);
    if (quoted[f].empty()) quoted[f] = trace::jsonString(names(f));
    return quoted[f];
  };
  std::string buf;
  auto num = [&](uint64_t v) {
    char digits[24];
    auto r = std::to_chars(digits, digits + sizeof digits, v);
    buf.append(digits, r.ptr);
  };
  // Microseconds with nanosecond decimals: the trace-event format's unit.
  auto us = [&](uint64_t ns) {
    num(ns / 1000);
    char frac[4] = {'.', char('0' + ns / 100 % 10), char('0' + ns / 10 % 10), char('0' + ns % 10)};
    buf.append(frac, 4);
  };
  buf +=
      "{\"traceEvents\":[\n{\"ph\":\"M\",\"pid\":1,\"tid\":1,\"name\":\"process_name\",\"args\":{"
      "\"name\":";
  buf += trace::jsonString(processName);
  buf +=
      "}},\n{\"ph\":\"M\",\"pid\":1,\"tid\":1,\"name\":\"thread_name\",\"args\":{\"name\":\"wasm\"}"
      "}";
  for (const CallProfiler::Call& c : p.timeline()) {
    buf += c.host ? ",\n{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":1,\"cat\":\"host\",\"name\":"
                  : ",\n{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"cat\":\"wasm\",\"name\":";
    buf += nameOf(c.func);
    buf += ",\"ts\":";
    us(c.startNs);
    if (!c.host) {
      buf += ",\"dur\":";
      us(c.endNs - c.startNs);
    }
    buf += ",\"args\":{\"func\":";
    num(c.func);
    buf += ",\"depth\":";
    num(c.depth);
    if (!c.host && p.countsInstructions()) {
      buf += ",\"instructions\":";
      num(c.instrs);
    }
    buf += "}}";
    if (buf.size() > (1u << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  buf += "\n],\"displayTimeUnit\":\"ns\",\"otherData\":{\"recordedCalls\":";
  num(p.timeline().size());
  buf += ",\"droppedCalls\":";
  num(p.droppedCalls());
  buf += "}}\n";
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

namespace {

// flamegraph.pl's "hot" palette, keyed by a hash of the name so a function
// keeps its color across graphs.
std::string color(std::string_view name) {
  uint32_t h = 2166136261u;
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  auto unit = [&](int shift) { return static_cast<double>((h >> shift) & 0xFF) / 255.0; };
  char buf[32];
  std::snprintf(buf, sizeof buf, "rgb(%d,%d,%d)", 205 + static_cast<int>(50 * unit(0)),
                static_cast<int>(230 * unit(8)), static_cast<int>(55 * unit(16)));
  return buf;
}

// The zoom script: clicking a box makes its range the full width (its
// ancestors span the width, unrelated boxes hide); "Reset zoom" restores it.
// Labels are recomputed from data-n, the full name.
const char* kFlameScript = R"JS(
var X0 = 10, W = 1180, CW = 7.2, frames, details, unzoom;
function fit(n, w) {
  var k = Math.floor((w - 6) / CW);
  if (k < 3) return "";
  return n.length <= k ? n : n.substring(0, k - 2) + "..";
}
function zoom(x, w) {
  for (var i = 0; i < frames.length; i++) {
    var g = frames[i], gx = +g.getAttribute("data-x"), gw = +g.getAttribute("data-w");
    var l = Math.max(gx, x), r = Math.min(gx + gw, x + w), pw = (r - l) / w * W;
    if (pw < 0.1) { g.style.display = "none"; continue; }
    g.style.display = "";
    var px = X0 + (l - x) / w * W, rect = g.getElementsByTagName("rect")[0], t = g.getElementsByTagName("text")[0];
    rect.setAttribute("x", px.toFixed(2));
    rect.setAttribute("width", pw.toFixed(2));
    t.setAttribute("x", (px + 3).toFixed(2));
    t.textContent = fit(g.getAttribute("data-n"), pw);
  }
  unzoom.style.opacity = w < 1 ? "1" : "0";
}
function init() {
  frames = document.getElementsByClassName("f");
  details = document.getElementById("details");
  unzoom = document.getElementById("unzoom");
  for (var i = 0; i < frames.length; i++) {
    (function (g) {
      var x = +g.getAttribute("data-x"), w = +g.getAttribute("data-w");
      var info = g.getElementsByTagName("title")[0].textContent;
      g.addEventListener("click", function () { zoom(x, w); });
      g.addEventListener("mouseover", function () { details.textContent = info; });
      g.addEventListener("mouseout", function () { details.textContent = " "; });
    })(frames[i]);
  }
  unzoom.addEventListener("click", function () { zoom(0, 1); });
}
)JS";

}  // namespace

void writeFlameGraph(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                     ProfileWeight weight, std::string_view title) {
  constexpr double kX0 = 10, kWidth = 1180, kFrame = 16, kTop = 40, kBottom = 30, kCharWidth = 7.2;
  const std::vector<CallProfiler::Node>& nodes = p.nodes();
  uint64_t total = weightOf(nodes[0], weight);
  const char* unit = weight == ProfileWeight::Time ? "ns" : "instructions";

  // Layout: callees of a node in name order (as flamegraph.pl merges them),
  // left to right from the node's left edge; boxes under 0.1 px are dropped
  // with their subtrees.
  struct Box {
    uint32_t node;
    double x, w;  // fractions of the total
  };
  std::vector<Box> boxes;
  uint32_t maxDepth = 0;
  struct Item {
    uint32_t node;
    double x;
  };
  auto sortedKids = [&](uint32_t node) {
    std::vector<std::pair<std::string, uint32_t>> kids;
    for (uint32_t c = nodes[node].firstChild; c != CallProfiler::kNone; c = nodes[c].nextSibling)
      if (!nodes[c].host) kids.emplace_back(names(nodes[c].func), c);
    std::sort(kids.begin(), kids.end(), [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : nodes[a.second].func < nodes[b.second].func;
    });
    return kids;
  };
  std::vector<Item> work;
  if (total) work.push_back({0, 0.0});
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    double w = static_cast<double>(weightOf(nodes[it.node], weight)) / static_cast<double>(total);
    if (w * kWidth < 0.1) continue;
    boxes.push_back({it.node, it.x, w});
    maxDepth = std::max(maxDepth, nodes[it.node].depth);
    double x = it.x;
    for (const auto& [name, c] : sortedKids(it.node)) {
      work.push_back({c, x});
      x += static_cast<double>(weightOf(nodes[c], weight)) / static_cast<double>(total);
    }
  }

  double height = kTop + (maxDepth + 1) * kFrame + kBottom;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "<svg version=\"1.1\" width=\"1200\" height=\"%.0f\" viewBox=\"0 0 1200 %.0f\" "
                "xmlns=\"http://www.w3.org/2000/svg\" onload=\"init()\">\n",
                height, height);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n" << buf;
  out << "<style>text { font-family: monospace; font-size: 12px; fill: #000; } "
         ".title { font-size: 17px; } .f:hover rect { stroke: #000; stroke-width: 0.5; } "
         ".f { cursor: pointer; } #unzoom { cursor: pointer; fill: #00c; }</style>\n";
  out << "<script type=\"text/ecmascript\"><![CDATA[" << kFlameScript << "]]></script>\n";
  std::snprintf(buf, sizeof buf,
                "<rect x=\"0\" y=\"0\" width=\"1200\" height=\"%.0f\" fill=\"#f8f8f4\"/>\n",
                height);
  out << buf;
  out << "<text x=\"600\" y=\"24\" text-anchor=\"middle\" class=\"title\">" << trace::xmlText(title)
      << "</text>\n";
  out << "<text x=\"10\" y=\"24\" id=\"unzoom\" style=\"opacity:0\">Reset zoom</text>\n";
  std::snprintf(buf, sizeof buf, "<text x=\"10\" y=\"%.0f\" id=\"details\"> </text>\n",
                height - 10);
  out << buf;
  out << "<g id=\"frames\">\n";
  for (const Box& b : boxes) {
    const CallProfiler::Node& n = nodes[b.node];
    std::string name = b.node == 0 ? "all" : names(n.func);
    uint64_t v = weightOf(n, weight);
    std::string info = name + " (" + std::to_string(v) + " " + unit + ", " +
                       trace::trimmed(trace::percent(v, total)) + ")";
    double px = kX0 + b.x * kWidth, pw = b.w * kWidth;
    double y = kTop + (maxDepth - n.depth) * kFrame;
    size_t fits = pw > 6 ? static_cast<size_t>((pw - 6) / kCharWidth) : 0;
    std::string label = fits < 3              ? ""
                        : name.size() <= fits ? name
                                              : name.substr(0, fits - 2) + "..";
    std::snprintf(buf, sizeof buf, "<g class=\"f\" data-x=\"%.9f\" data-w=\"%.9f\" data-n=\"", b.x,
                  b.w);
    out << buf << trace::xmlText(name) << "\"><title>" << trace::xmlText(info) << "</title>";
    std::snprintf(
        buf, sizeof buf,
        "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" rx=\"2\" fill=\"%s\"/>"
        "<text x=\"%.2f\" y=\"%.1f\">",
        px, y, pw, kFrame - 1, color(name).c_str(), px + 3, y + 11.5);
    out << buf << trace::xmlText(label) << "</text></g>\n";
  }
  out << "</g>\n</svg>\n";
}

}  // namespace witt
