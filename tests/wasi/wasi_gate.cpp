// The WASI testsuite gate: runs every wasm32-wasip1 test of
// $WITT_SHARED/wasi-testsuite (C, AssemblyScript, Rust) through `witt run`
// and compares the failures with the checked-in expectation list.
//
//   witt_wasi_gate --witt PATH [--testsuite DIR] [--expected FILE]
//                  [--timeout SECONDS] [--verbose] [--witt-arg ARG ...]
//                  [NAME-SUBSTRING ...]
//
// --witt-arg adds an option to every `witt run` (repeatable): the gate with
// `--profile ... --profile-out /dev/null` checks that tracing a WASI program
// changes none of its output or exit code.
//
// Each test follows the testsuite's specification
// (wasi-testsuite/doc/specification.md): its .json gives args, env, a root
// directory preopened as "/", the expected exit code and stdout/stderr
// (legacy keys, or the run/read/wait operations). The root is copied into a
// fresh temporary directory first (the shared directory is read-only and tests
// write into their root), stale *.cleanup files are removed from the copy,
// and the copy is deleted afterwards.
//
// Expectation list (tests/wasi/expected_failures.txt): one `lang/test reason`
// a line, `#` comments. A failure not listed fails the gate, and so does a
// listed test that passes (the list may only shrink). The last line printed is
// `N passed, N failed, N skipped` (skipped: listed expected failures). Exit
// codes: 0 as expected, 1 not, 77 when the testsuite is absent (CTest's
// SKIP_RETURN_CODE).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// ------------------------------------------------------------------ JSON
// Enough JSON for the test specifications: objects, arrays, strings, numbers,
// true/false/null.
struct JsonField;

struct Json {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool b = false;
  double num = 0;
  std::string str;
  std::vector<Json> items;
  std::vector<JsonField> fields;

  const Json* get(const std::string& key) const;  // below, where JsonField is complete
};

// Not std::pair: clang with libstdc++ rejects a pair holding the Json being defined.
struct JsonField {
  std::string key;
  Json value;
};

const Json* Json::get(const std::string& key) const {
  for (const auto& [k, v] : fields)
    if (k == key) return &v;
  return nullptr;
}

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : s_(text) {}
  std::optional<Json> parse() {
    Json v;
    if (!value(v)) return std::nullopt;
    ws();
    if (i_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void ws() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool lit(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  static void utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  bool hex4(uint32_t& cp) {
    if (i_ + 4 > s_.size()) return false;
    cp = static_cast<uint32_t>(std::stoul(std::string(s_.substr(i_, 4)), nullptr, 16));
    i_ += 4;
    return true;
  }
  bool string(std::string& out) {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          uint32_t cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && lit("\\u")) {
            uint32_t lo;
            if (!hex4(lo)) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          utf8(out, cp);
          break;
        }
        default: out += e;  // \" \\ \/
      }
    }
    if (i_ >= s_.size()) return false;
    ++i_;
    return true;
  }
  bool value(Json& v) {
    ws();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      v.kind = Json::Object;
      ws();
      if (lit("}")) return true;
      for (;;) {
        ws();
        std::string key;
        if (!string(key)) return false;
        ws();
        if (!lit(":")) return false;
        Json item;
        if (!value(item)) return false;
        v.fields.push_back(JsonField{std::move(key), std::move(item)});
        ws();
        if (lit("}")) return true;
        if (!lit(",")) return false;
      }
    }
    if (c == '[') {
      ++i_;
      v.kind = Json::Array;
      ws();
      if (lit("]")) return true;
      for (;;) {
        Json item;
        if (!value(item)) return false;
        v.items.push_back(std::move(item));
        ws();
        if (lit("]")) return true;
        if (!lit(",")) return false;
      }
    }
    if (c == '"') {
      v.kind = Json::String;
      return string(v.str);
    }
    if (lit("true")) return v.kind = Json::Bool, v.b = true, true;
    if (lit("false")) return v.kind = Json::Bool, v.b = false, true;
    if (lit("null")) return v.kind = Json::Null, true;
    size_t start = i_;
    while (i_ < s_.size() && std::strchr("+-0123456789.eE", s_[i_])) ++i_;
    if (i_ == start) return false;
    v.kind = Json::Number;
    v.num = std::stod(std::string(s_.substr(start, i_ - start)));
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
};

// ------------------------------------------------------------------ specs

struct Spec {
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::optional<std::string> root;  // relative to the test's directory, preopened as "/"
  std::vector<std::string> dirs;    // older spec: preopened under their own names
  int exitCode = 0;
  std::optional<std::string> stdoutPrefix, stderrPrefix;
  std::string unsupported;  // an operation this gate cannot perform
};

void readRun(const Json& j, Spec& spec) {
  if (const Json* a = j.get("args"))
    for (const Json& x : a->items) spec.args.push_back(x.str);
  if (const Json* e = j.get("env"))
    for (const auto& [k, v] : e->fields) spec.env.emplace_back(k, v.str);
  if (const Json* r = j.get("root"); r && r->kind == Json::String) spec.root = r->str;
  if (const Json* d = j.get("dirs"))
    for (const Json& x : d->items) spec.dirs.push_back(x.str);
}

bool readSpec(const fs::path& json, Spec& spec, std::string& error) {
  if (!fs::exists(json)) return true;  // the default specification
  std::ifstream in(json);
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = JsonParser(ss.str()).parse();
  if (!j || j->kind != Json::Object) {
    error = "malformed " + json.string();
    return false;
  }
  if (const Json* ops = j->get("operations")) {
    for (const Json& op : ops->items) {
      const Json* type = op.get("type");
      std::string t = type ? type->str : "";
      if (t == "run") {
        readRun(op, spec);
      } else if (t == "wait") {
        if (const Json* c = op.get("exit_code")) spec.exitCode = static_cast<int>(c->num);
      } else if (t == "read") {
        const Json* id = op.get("id");
        const Json* payload = op.get("payload");
        std::string p = payload ? payload->str : "";
        if (!id || id->str == "stdout")
          spec.stdoutPrefix = spec.stdoutPrefix.value_or("") + p;
        else
          spec.stderrPrefix = spec.stderrPrefix.value_or("") + p;
      } else {
        spec.unsupported = t;
      }
    }
    if (const Json* p = j->get("proposals"); p && !p->items.empty()) spec.unsupported = "proposals";
    return true;
  }
  readRun(*j, spec);
  if (const Json* c = j->get("exit_code")) spec.exitCode = static_cast<int>(c->num);
  if (const Json* o = j->get("stdout")) spec.stdoutPrefix = o->str;
  if (const Json* e = j->get("stderr")) spec.stderrPrefix = e->str;
  return true;
}

// ------------------------------------------------------------------ running

struct Outcome {
  int exitCode = -1;
  bool timedOut = false;
  std::string out, err;
};

// Runs argv with stdin an open pipe nobody writes to (as the testsuite's own
// runner does), collecting stdout and stderr.
Outcome runProcess(const std::vector<std::string>& argv, int timeoutSeconds) {
  Outcome o;
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) return o;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  struct pollfd pfds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open = 2;
  char buf[65536];
  while (open > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      o.timedOut = true;
      kill(pid, SIGKILL);
      break;
    }
    if (poll(pfds, 2, static_cast<int>(left)) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (pfds[i].fd < 0 || !(pfds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(pfds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? o.out : o.err).append(buf, static_cast<size_t>(n));
      } else {
        close(pfds[i].fd);
        pfds[i].fd = -1;
        --open;
      }
    }
  }
  for (auto& p : pfds)
    if (p.fd >= 0) close(p.fd);
  int status = 0;
  waitpid(pid, &status, 0);
  close(in[1]);
  if (WIFEXITED(status))
    o.exitCode = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    o.exitCode = 128 + WTERMSIG(status);
  return o;
}

// Copies a test's directory so the test may write into it; the copy's files
// are writable by us whatever the read-only original says.
void copyTree(const fs::path& from, const fs::path& to) {
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  fs::permissions(to, fs::perms::owner_all, fs::perm_options::add);
  for (const auto& e : fs::recursive_directory_iterator(to)) {
    if (e.is_symlink()) continue;
    fs::permissions(
        e.path(),
        e.is_directory() ? fs::perms::owner_all : fs::perms::owner_read | fs::perms::owner_write,
        fs::perm_options::add);
  }
  // The specification: remove artifacts of earlier runs before running.
  std::vector<fs::path> stale;
  for (const auto& e : fs::recursive_directory_iterator(to))
    if (!e.is_symlink() && e.path().extension() == ".cleanup") stale.push_back(e.path());
  for (const fs::path& p : stale) fs::remove_all(p);
}

std::string oneLine(std::string s, size_t max = 300) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (s.size() > max) s = s.substr(0, max) + "...";
  return s;
}

struct Test {
  std::string id;    // lang/name
  std::string lang;  // assemblyscript, c, rust
  fs::path wasm;
};

// Returns an empty string when the test passes, else why it failed.
std::string runTest(const Test& t, const std::string& witt,
                    const std::vector<std::string>& wittArgs, int timeout, bool verbose) {
  Spec spec;
  std::string error;
  if (!readSpec(fs::path(t.wasm).replace_extension(".json"), spec, error)) return error;
  if (!spec.unsupported.empty()) return "unsupported operation: " + spec.unsupported;

  std::string tmpl = (fs::temp_directory_path() / "witt-wasi-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return "cannot create a temporary directory";
  fs::path tmp = tmpl;
  std::vector<std::string> argv = {witt, "run"};
  argv.insert(argv.end(), wittArgs.begin(), wittArgs.end());
  fs::path testDir = t.wasm.parent_path();
  try {
    if (spec.root) {
      copyTree(testDir / *spec.root, tmp / "root");
      argv.push_back("--dir");
      argv.push_back((tmp / "root").string() + "::/");
    }
    for (const std::string& d : spec.dirs) {
      copyTree(testDir / d, tmp / d);
      argv.push_back("--dir");
      argv.push_back((tmp / d).string() + "::" + d);
    }
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(tmp);
    return std::string("cannot copy the test's directory: ") + e.what();
  }
  for (const auto& [k, v] : spec.env) argv.push_back("--env=" + k + "=" + v);
  argv.push_back(t.wasm.string());
  argv.push_back("--");
  argv.insert(argv.end(), spec.args.begin(), spec.args.end());

  Outcome o = runProcess(argv, timeout);
  std::error_code ec;
  fs::remove_all(tmp, ec);
  if (verbose)
    std::printf("  %s: exit %d\n    stdout: %s\n    stderr: %s\n", t.id.c_str(), o.exitCode,
                oneLine(o.out).c_str(), oneLine(o.err).c_str());

  if (o.timedOut) return "timed out after " + std::to_string(timeout) + " s";
  std::string why;
  if (o.exitCode != spec.exitCode)
    why = "exit code " + std::to_string(o.exitCode) + ", expected " + std::to_string(spec.exitCode);
  // A `read` operation reads as many characters as it expects: a prefix.
  if (spec.stdoutPrefix && o.out.compare(0, spec.stdoutPrefix->size(), *spec.stdoutPrefix) != 0)
    why += (why.empty() ? "" : "; ") + std::string("stdout '") + oneLine(o.out, 80) +
           "', expected '" + oneLine(*spec.stdoutPrefix, 80) + "'";
  if (spec.stderrPrefix && o.err.compare(0, spec.stderrPrefix->size(), *spec.stderrPrefix) != 0)
    why += (why.empty() ? "" : "; ") + std::string("stderr differs");
  if (!why.empty() && !o.err.empty()) why += "; stderr: " + oneLine(o.err);
  return why;
}

std::map<std::string, std::string> readExpectations(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    size_t hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    std::istringstream ls(line);
    std::string id, reason;
    if (!(ls >> id)) continue;
    std::getline(ls, reason);
    out[id] = reason;
  }
  return out;
}

std::optional<fs::path> findTestsuite(const std::string& explicitDir) {
  if (!explicitDir.empty()) return fs::path(explicitDir);
  if (const char* env = std::getenv("WITT_SHARED"); env && *env)
    return fs::path(env) / "wasi-testsuite";
  return fs::path(WITT_SHARED_DEFAULT) / "wasi-testsuite";
}

}  // namespace

int main(int argc, char** argv) {
  std::string witt, testsuiteArg, expectedPath;
  int timeout = 60;
  bool verbose = false;
  std::vector<std::string> filters, wittArgs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--witt")
      witt = next();
    else if (a == "--testsuite")
      testsuiteArg = next();
    else if (a == "--expected")
      expectedPath = next();
    else if (a == "--timeout")
      timeout = std::atoi(next().c_str());
    else if (a == "--verbose")
      verbose = true;
    else if (a == "--witt-arg")
      wittArgs.push_back(next());
    else
      filters.push_back(a);
  }
  if (witt.empty()) {
    std::fprintf(stderr, "usage: witt_wasi_gate --witt PATH [--testsuite DIR] [--expected FILE]\n");
    return 2;
  }
  witt = fs::absolute(witt).string();
  auto suite = findTestsuite(testsuiteArg);
  fs::path testsDir = *suite / "tests";
  if (!fs::is_directory(testsDir)) {
    std::printf("skipped: the WASI testsuite is not at %s (set WITT_SHARED)\n",
                suite->string().c_str());
    return 77;
  }

  // Every preview1 test: tests/<lang>/**/wasm32-wasip1/<name>.wasm.
  std::vector<Test> tests;
  for (const auto& e : fs::recursive_directory_iterator(testsDir)) {
    if (e.path().extension() != ".wasm") continue;
    if (e.path().parent_path().filename() != "wasm32-wasip1") continue;
    Test t;
    t.lang = fs::relative(e.path(), testsDir).begin()->string();
    t.id = t.lang + "/" + e.path().stem().string();
    t.wasm = e.path();
    bool selected = filters.empty();
    for (const std::string& f : filters) selected |= t.id.find(f) != std::string::npos;
    if (selected) tests.push_back(std::move(t));
  }
  std::sort(tests.begin(), tests.end(), [](const Test& a, const Test& b) { return a.id < b.id; });

  auto expected =
      expectedPath.empty() ? std::map<std::string, std::string>{} : readExpectations(expectedPath);
  struct Count {
    int passed = 0, failed = 0, xfail = 0;
  };
  std::map<std::string, Count> perLang;
  int unexpected = 0, stale = 0;
  for (const Test& t : tests) {
    std::string why = runTest(t, witt, wittArgs, timeout, verbose);
    bool listed = expected.count(t.id) > 0;
    Count& c = perLang[t.lang];
    if (why.empty()) {
      ++c.passed;
      if (listed) {
        ++stale;
        std::printf("FIXED %s: passes now; remove it from %s\n", t.id.c_str(),
                    expectedPath.c_str());
      } else if (verbose) {
        std::printf("PASS %s\n", t.id.c_str());
      }
    } else if (listed) {
      ++c.xfail;
      std::printf("XFAIL %s: %s\n", t.id.c_str(), why.c_str());
    } else {
      ++c.failed;
      ++unexpected;
      std::printf("FAIL %s: %s\n", t.id.c_str(), why.c_str());
    }
  }
  int passed = 0, failed = 0, xfail = 0;
  for (const auto& [lang, c] : perLang) {
    std::printf("%s: %d passed, %d failed, %d expected failures\n", lang.c_str(), c.passed,
                c.failed, c.xfail);
    passed += c.passed;
    failed += c.failed;
    xfail += c.xfail;
  }
  if (stale) std::printf("%d listed expected failures pass now\n", stale);
  std::printf("%d passed, %d failed, %d skipped\n", passed, failed + stale, xfail);
  return unexpected || stale ? 1 : 0;
}
