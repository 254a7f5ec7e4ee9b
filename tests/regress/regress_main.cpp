// Replays fuzzer findings and hostile inputs: every file under the given
// directories, by the fuzz target its directory names (decode, text, exec,
// wasi_path; tests/fuzz/harness.h), each in a child process with a time
// limit, so that one input that crashes is reported by name and the others
// still run. An input passes when witt returns a result or a clean error.
//
//   witt_regress [--verbose] DIR...
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "harness.h"

namespace fs = std::filesystem;
using witt::fuzz::Outcome;

namespace {

constexpr unsigned kSecondsPerInput = 60;

Outcome runOne(const std::string& target, const std::vector<uint8_t>& bytes) {
  if (target == "decode") return witt::fuzz::decodeBinary(bytes);
  if (target == "text")
    return witt::fuzz::parseText(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  if (target == "exec") return witt::fuzz::instantiateAndRun(bytes);
  return witt::fuzz::resolveWasiPath(bytes);
}

// Runs one input in a child; returns an empty string when it passed.
std::string replay(const std::string& target, const fs::path& file, bool verbose) {
  std::ifstream in(file, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  int pipeFds[2];
  if (pipe(pipeFds) != 0) return "pipe failed";
  pid_t pid = fork();
  if (pid < 0) return "fork failed";
  if (pid == 0) {
    close(pipeFds[0]);
    alarm(kSecondsPerInput);
    Outcome o = runOne(target, bytes);
    std::string line = o.summary.substr(0, 200);
    if (write(pipeFds[1], line.data(), line.size()) < 0) _exit(3);
    _exit(0);
  }
  close(pipeFds[1]);
  std::string summary;
  char buf[256];
  for (ssize_t n; (n = read(pipeFds[0], buf, sizeof buf)) > 0;) summary.append(buf, static_cast<size_t>(n));
  close(pipeFds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return sig == SIGALRM ? "did not finish within " + std::to_string(kSecondsPerInput) + " s"
                          : std::string("died of signal ") + strsignal(sig);
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (verbose) std::printf("  %s/%s: %s\n", target.c_str(), file.filename().c_str(), summary.c_str());
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  bool verbose = false;
  std::vector<fs::path> roots;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--verbose") == 0) verbose = true;
    else roots.emplace_back(argv[i]);
  }
  if (roots.empty()) {
    std::fprintf(stderr, "usage: witt_regress [--verbose] DIR...\n");
    return 2;
  }
  size_t passed = 0;
  std::vector<std::string> failures;
  for (const fs::path& root : roots) {
    for (const char* target : {"decode", "text", "exec", "wasi_path"}) {
      fs::path dir = root / target;
      if (!fs::is_directory(dir)) continue;
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) {
        std::string why = replay(target, f, verbose);
        if (why.empty()) ++passed;
        else failures.push_back(f.string() + ": " + why);
      }
    }
  }
  for (const std::string& f : failures) std::printf("FAILED %s\n", f.c_str());
  std::printf("witt_regress: %zu inputs passed, %zu failed\n", passed, failures.size());
  return failures.empty() ? 0 : 1;
}
