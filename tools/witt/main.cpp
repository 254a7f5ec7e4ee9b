#include <cstdio>
#include <cstring>

#include "cli.h"

namespace {

const char* kUsage =
    "usage: witt <command> [options]\n"
    "\n"
    "commands:\n"
    "  run FILE [--invoke NAME [ARGS...]]   run a module (.wasm or .wat): its _start, or NAME\n"
    "  validate FILE...                     decode and validate modules\n"
    "  wast FILE...                         run WebAssembly spec test scripts\n"
    "  dump-code [--traced|--counting] FILE [FUNC]\n"
    "                                       print witt's internal code for functions\n"
    "  print FILE [--fold] [-o OUT]         print a module (.wasm or .wat) in the text format\n"
    "  wat2wasm IN.wat [-o OUT.wasm]        encode a text module as a binary module\n"
    "  marks list|add|strip|convert ...     list, add, remove or re-encode trace marks\n"
    "\n"
    "options:\n"
    "  -h, --help      show this help\n"
    "  -V, --version   show the version\n"
    "\n"
    "Run 'witt <command> --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return witt::cli::kUsage;
  }
  std::string cmd = argv[1];
  witt::cli::Args rest(argv + 2, argv + argc);
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    std::fputs(kUsage, stdout);
    return witt::cli::kOk;
  }
  if (cmd == "-V" || cmd == "--version") {
    std::printf("witt %s\n", WITT_VERSION);
    return witt::cli::kOk;
  }
  if (cmd == "run") return witt::cli::runCommand(rest);
  if (cmd == "validate") return witt::cli::validateCommand(rest);
  if (cmd == "wast") return witt::cli::wastCommand(rest);
  if (cmd == "dump-code") return witt::cli::dumpCodeCommand(rest);
  if (cmd == "print") return witt::cli::printCommand(rest);
  if (cmd == "wat2wasm") return witt::cli::wat2wasmCommand(rest);
  if (cmd == "marks") return witt::cli::marksCommand(rest);
  std::fprintf(stderr, "witt: unknown command '%s'\n\n%s", cmd.c_str(), kUsage);
  return witt::cli::kUsage;
}
