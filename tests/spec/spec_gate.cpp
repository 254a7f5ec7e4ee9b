// The spec conformance gate: runs every .wast of the spec testsuite
// ($WITT_SHARED/spec-testsuite, including legacy/ and proposals/) and compares
// the failing commands with the checked-in expectation list.
//
//   witt_spec_gate [--testsuite DIR] [--expected FILE] [--results FILE]
//                  [--update] [--timeout SECONDS] [--verbose] [--messages]
//                  [--trace hooks|batches|groups|groups-batches|counting]
//                  [FILE.wast ...]
//
// Expectation list (tests/spec/expected_failures.txt), one entry a line:
//   path/relative/to/testsuite.wast:LINE reason    a command expected to fail
//   path/relative/to/testsuite.wast * reason       every command of the file may fail
// `#` starts a comment. A failure not in the list fails the gate; so does a
// listed failure that now passes (the list may only shrink: the gate prints
// the lines to delete). --update rewrites the list from this run instead.
//
// --trace hooks|batches|groups|groups-batches runs every action under
// CrossCheckTracer (cross_check_tracer.h), which takes every event (through
// hooks or batches, blocks one by one or in groups) and checks that they
// agree; --trace counting checks the Counting
// tracer's counts after every action against per-instruction counting
// (CountingCheck). The outcomes must be those of the untraced run (the same
// list), so tracing is checked to change nothing across the whole testsuite.
//
// Each file runs in a child process, so a crash or a hang (--timeout, 300 s
// by default) fails that file only. Exit codes: 0 as expected, 1 not, 77 when
// the testsuite is not found (CTest's SKIP_RETURN_CODE).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cross_check_tracer.h"
#include "wast/runner.h"

namespace fs = std::filesystem;

namespace {

struct FileResult {
  std::string path;  // relative to the testsuite
  uint64_t passed = 0, failed = 0, skipped = 0;
  std::map<uint32_t, std::string> failures;  // line -> description
  std::vector<std::string> messages;         // "line: expected ..., got ..." (passed)
  std::string crash;                         // non-empty if the child died
};

struct Expectations {
  std::map<std::string, std::map<uint32_t, std::string>> lines;  // file -> line -> reason
  std::map<std::string, std::string> wholeFiles;                 // file -> reason
  std::map<std::string, std::string> rawLines;                   // "file:line" -> the list line
};

std::string oneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  if (s.size() > 160) s = s.substr(0, 157) + "...";
  return s;
}

// The child's report, one record a line:
//   P passed failed skipped
//   F line<TAB>description
enum class Trace { None, Hooks, Batches, Groups, GroupsBatches, Counting };

std::string runChild(const std::string& file, const std::string& rel, bool verbose, Trace trace) {
  witt::wast::WastOptions o;
  o.verbose = verbose;
  witt::test::CrossCheckTracer checker(
      (trace == Trace::Batches || trace == Trace::GroupsBatches ? witt::kTraceBatches : 0u) |
      (trace == Trace::Groups || trace == Trace::GroupsBatches ? witt::kTraceBlockRuns : 0u));
  witt::test::CountingCheck counts;
  if (trace != Trace::None && trace != Trace::Counting) {
    o.tracer = &checker;
    o.checkTrace = [&checker] { return checker.check(); };
  } else if (trace == Trace::Counting) {
    // The reference run: its outcomes are those of the checked run below.
    witt::wast::WastOptions first;
    first.tracer = &counts.reference;
    first.checkTrace = [&counts] { return counts.record(); };
    (void)witt::wast::runScript(file, first);
    o.tracer = &counts.counting;
    o.checkTrace = [&counts] { return counts.check(); };
  }
  auto r = witt::wast::runScript(file, o);
  std::ostringstream out;
  if (!r) {
    out << "P 0 1 0\n";
    out << "F 0\t" << oneLine("script does not parse: " + r.error().describe()) << "\n";
    return out.str();
  }
  out << "P " << r->passed << " " << r->failed << " " << r->skipped << "\n";
  for (const auto& f : r->failures) {
    std::string d = "expected " + f.expected + ", got " + f.actual;
    out << "F " << f.line << "\t" << oneLine(d) << "\n";
  }
  for (const auto& m : r->messageMismatches)
    out << "M " << m.line << "\t" << oneLine("expected " + m.expected + ", got " + m.actual)
        << "\n";
  (void)rel;
  return out.str();
}

FileResult runIsolated(const std::string& file, const std::string& rel, unsigned timeout,
                       bool verbose, Trace trace) {
  FileResult fr;
  fr.path = rel;
  int fds[2];
  if (pipe(fds) != 0) {
    fr.crash = "pipe failed";
    return fr;
  }
  std::cout.flush();
  std::cerr.flush();
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    alarm(timeout);
    std::string report = runChild(file, rel, verbose, trace);
    size_t off = 0;
    while (off < report.size()) {
      ssize_t n = write(fds[1], report.data() + off, report.size() - off);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string report;
  char buf[65536];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) report.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    fr.crash = sig == SIGALRM ? "timed out after " + std::to_string(timeout) + " s"
                              : std::string("crashed: ") + strsignal(sig);
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fr.crash = "exited with status " + std::to_string(WEXITSTATUS(status));
  }
  std::istringstream in(report);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("P ", 0) == 0) {
      std::istringstream ps(line.substr(2));
      ps >> fr.passed >> fr.failed >> fr.skipped;
    } else if (line.rfind("F ", 0) == 0) {
      size_t tab = line.find('\t');
      uint32_t l = static_cast<uint32_t>(std::strtoul(line.c_str() + 2, nullptr, 10));
      std::string d = tab == std::string::npos ? "" : line.substr(tab + 1);
      fr.failures.emplace(l, d);  // the first failure of a line is enough
    } else if (line.rfind("M ", 0) == 0) {
      size_t tab = line.find('\t');
      fr.messages.push_back(line.substr(2, tab == std::string::npos ? std::string::npos : tab - 2) +
                            ": " + (tab == std::string::npos ? "" : line.substr(tab + 1)));
    }
  }
  if (!fr.crash.empty()) ++fr.failed;
  return fr;
}

bool readExpectations(const std::string& path, Expectations& e) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t sp = line.find(' ');
    std::string key = line.substr(0, sp);
    std::string reason = sp == std::string::npos ? "" : line.substr(sp + 1);
    if (reason.rfind("* ", 0) == 0 || reason == "*") {
      e.wholeFiles[key] = reason.size() > 2 ? reason.substr(2) : "";
      e.rawLines[key + " *"] = line;
      continue;
    }
    size_t colon = key.rfind(':');
    if (colon == std::string::npos) continue;
    std::string file = key.substr(0, colon);
    uint32_t l = static_cast<uint32_t>(std::strtoul(key.c_str() + colon + 1, nullptr, 10));
    e.lines[file][l] = reason;
    e.rawLines[key] = line;
  }
  return true;
}

std::optional<std::string> testsuiteDir(const std::string& given) {
  if (!given.empty()) return fs::is_directory(given) ? std::optional(given) : std::nullopt;
  if (const char* env = std::getenv("WITT_SHARED"); env && *env) {
    fs::path p = fs::path(env) / "spec-testsuite";
    return fs::is_directory(p) ? std::optional(p.string()) : std::nullopt;
  }
#ifdef WITT_SHARED_DEFAULT
  fs::path p = fs::path(WITT_SHARED_DEFAULT) / "spec-testsuite";
  if (fs::is_directory(p)) return fs::canonical(p).string();
#endif
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  std::string suiteArg, expectedPath, resultsPath;
  bool update = false, verbose = false, messages = false;
  Trace trace = Trace::None;
  unsigned timeout = 300;
  std::vector<std::string> only;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--testsuite")
      suiteArg = next();
    else if (a == "--expected")
      expectedPath = next();
    else if (a == "--results")
      resultsPath = next();
    else if (a == "--timeout")
      timeout = static_cast<unsigned>(std::strtoul(next().c_str(), nullptr, 10));
    else if (a == "--update")
      update = true;
    else if (a == "--verbose")
      verbose = true;
    else if (a == "--messages")
      messages = true;
    else if (a == "--trace") {
      static const std::map<std::string, Trace> kModes = {{"hooks", Trace::Hooks},
                                                          {"batches", Trace::Batches},
                                                          {"groups", Trace::Groups},
                                                          {"groups-batches", Trace::GroupsBatches},
                                                          {"counting", Trace::Counting}};
      std::string m = next();
      auto it = kModes.find(m);
      if (it == kModes.end()) {
        std::cerr << "--trace takes hooks, batches, groups, groups-batches or counting, not \"" << m
                  << "\"\n";
        return 2;
      }
      trace = it->second;
    } else if (a.rfind("--", 0) == 0) {
      std::cerr << "unknown option " << a << "\n";
      return 2;
    } else
      only.push_back(a);
  }
  auto suite = testsuiteDir(suiteArg);
  if (!suite) {
    std::cout << "spec testsuite not found (set WITT_SHARED); skipping\n";
    return 77;
  }

  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(*suite))
    if (e.is_regular_file() && e.path().extension() == ".wast")
      files.push_back(fs::relative(e.path(), *suite).generic_string());
  std::sort(files.begin(), files.end());
  if (!only.empty()) {
    std::erase_if(files, [&](const std::string& f) {
      return std::none_of(only.begin(), only.end(), [&](const std::string& o) {
        return f == o || f.ends_with("/" + o) || fs::path(o).filename() == fs::path(f).filename();
      });
    });
  }

  Expectations exp;
  if (!expectedPath.empty() && !readExpectations(expectedPath, exp) && !update) {
    std::cerr << "cannot read " << expectedPath << "\n";
    return 1;
  }

  std::vector<FileResult> results;
  uint64_t passed = 0, failed = 0, skipped = 0;
  for (const auto& rel : files) {
    FileResult fr = runIsolated((fs::path(*suite) / rel).string(), rel, timeout, verbose, trace);
    passed += fr.passed;
    failed += fr.failed;
    skipped += fr.skipped;
    std::printf("%-60s %6lu passed %5lu failed %5lu skipped%s%s\n", rel.c_str(),
                static_cast<unsigned long>(fr.passed), static_cast<unsigned long>(fr.failed),
                static_cast<unsigned long>(fr.skipped), fr.crash.empty() ? "" : "  ",
                fr.crash.c_str());
    std::fflush(stdout);
    results.push_back(std::move(fr));
  }
  size_t mismatches = 0;
  for (const auto& fr : results) mismatches += fr.messages.size();
  if (messages)
    for (const auto& fr : results)
      for (const auto& m : fr.messages) std::printf("message: %s:%s\n", fr.path.c_str(), m.c_str());
  std::printf(
      "total: %lu passed, %lu failed, %lu skipped in %zu files (%zu passed with another "
      "error message%s)\n",
      static_cast<unsigned long>(passed), static_cast<unsigned long>(failed),
      static_cast<unsigned long>(skipped), files.size(), mismatches,
      messages ? "" : "; --messages lists them");

  if (!resultsPath.empty()) {
    std::ofstream out(resultsPath);
    out << "file\tpassed\tfailed\tskipped\tcrash\n";
    for (const auto& fr : results)
      out << fr.path << "\t" << fr.passed << "\t" << fr.failed << "\t" << fr.skipped << "\t"
          << fr.crash << "\n";
  }

  if (update) {
    if (expectedPath.empty()) {
      std::cerr << "--update needs --expected FILE\n";
      return 1;
    }
    std::ofstream out(expectedPath);
    out << "# Spec testsuite commands witt is known to fail, checked by tests/spec "
           "(witt_spec_gate).\n"
           "# One entry a line: `file:line reason` or `file * reason` for a whole file.\n"
           "# This list may only shrink: fix a failure, then delete its line.\n";
    for (const auto& fr : results) {
      if (auto w = exp.wholeFiles.find(fr.path); w != exp.wholeFiles.end() && fr.failed > 0) {
        out << fr.path << " * " << w->second << "\n";
        continue;
      }
      if (!fr.crash.empty()) {
        out << fr.path << " * " << fr.crash << "\n";
        continue;
      }
      for (const auto& [line, desc] : fr.failures) {
        std::string reason = desc;
        if (auto f = exp.lines.find(fr.path); f != exp.lines.end())
          if (auto l = f->second.find(line); l != f->second.end()) reason = l->second;
        out << fr.path << ":" << line << " " << reason << "\n";
      }
    }
    std::printf("wrote %s\n", expectedPath.c_str());
    return 0;
  }

  // Compare with the expectations.
  std::vector<std::string> unexpected, fixed;
  std::set<std::string> ran(files.begin(), files.end());
  for (const auto& fr : results) {
    bool whole = exp.wholeFiles.count(fr.path) > 0;
    if (whole) {
      if (fr.failed == 0) fixed.push_back(exp.rawLines[fr.path + " *"]);
      continue;
    }
    if (!fr.crash.empty()) unexpected.push_back(fr.path + ": " + fr.crash);
    auto it = exp.lines.find(fr.path);
    for (const auto& [line, desc] : fr.failures)
      if (it == exp.lines.end() || !it->second.count(line))
        unexpected.push_back(fr.path + ":" + std::to_string(line) + ": " + desc);
    if (it != exp.lines.end() && fr.crash.empty())
      for (const auto& [line, reason] : it->second)
        if (!fr.failures.count(line))
          fixed.push_back(exp.rawLines[fr.path + ":" + std::to_string(line)]);
  }
  // Entries for files that no longer exist are stale too (when running all files).
  if (only.empty()) {
    for (const auto& [file, lines] : exp.lines)
      if (!ran.count(file))
        for (const auto& [line, reason] : lines)
          fixed.push_back(exp.rawLines[file + ":" + std::to_string(line)]);
    for (const auto& [file, reason] : exp.wholeFiles)
      if (!ran.count(file)) fixed.push_back(exp.rawLines[file + " *"]);
  }

  if (!unexpected.empty()) {
    std::printf("\n%zu unexpected failure(s):\n", unexpected.size());
    for (const auto& u : unexpected) std::printf("  %s\n", u.c_str());
  }
  if (!fixed.empty()) {
    std::printf("\n%zu expected failure(s) now pass; delete these lines from %s:\n", fixed.size(),
                expectedPath.c_str());
    for (const auto& f : fixed) std::printf("%s\n", f.c_str());
  }
  if (unexpected.empty() && fixed.empty()) {
    std::printf("conformance as expected\n");
    return 0;
  }
  return 1;
}
