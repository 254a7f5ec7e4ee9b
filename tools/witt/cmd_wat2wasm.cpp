// witt wat2wasm IN.wat [-o OUT.wasm] [--no-validate]: encodes a text module
// as a binary module. Text errors are reported as FILE:LINE:COL; the binary is
// then validated (unless --no-validate) and written only if it is valid.
#include <cstdio>
#include <fstream>
#include <iterator>

#include "binary/writer.h"
#include "cli.h"
#include "text/parser.h"

namespace witt::cli {
namespace {

const char* kWat2WasmUsage =
    "usage: witt wat2wasm IN.wat [-o OUT.wasm] [--no-validate]\n"
    "  encodes the text module IN.wat as a binary module\n"
    "  -o OUT.wasm     output file (default: IN with the extension .wasm; - for standard output)\n"
    "  --no-validate   write the binary even if the module is not valid\n";

std::string defaultOutput(const std::string& in) {
  size_t slash = in.find_last_of('/');
  size_t dot = in.find_last_of('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash))
    return in.substr(0, dot) + ".wasm";
  return in + ".wasm";
}

}  // namespace

int wat2wasmCommand(const Args& args) {
  if (args.empty()) {
    std::fputs(kWat2WasmUsage, stderr);
    return kUsage;
  }
  std::string in, out;
  bool validate = true;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kWat2WasmUsage, stdout);
      return kOk;
    } else if (a == "--no-validate") {
      validate = false;
    } else if (a == "-o") {
      if (++i >= args.size()) return fail(kUsage, "wat2wasm: -o needs a file name");
      out = args[i];
    } else if (a.size() > 1 && a[0] == '-') {
      return fail(kUsage, "wat2wasm: unknown option '" + a + "'");
    } else if (in.empty()) {
      in = a;
    } else {
      return fail(kUsage, "wat2wasm: more than one input file ('" + in + "', '" + a + "')");
    }
  }
  if (in.empty()) return fail(kUsage, "wat2wasm: no input file");
  if (out.empty()) out = defaultOutput(in);
  if (out == in) return fail(kUsage, "wat2wasm: the output would overwrite the input " + in);

  std::ifstream file(in, std::ios::binary);
  if (!file) return fail(kLoadError, in + ": cannot open file");
  std::string source((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto parsed = text::parseModule(source, in);
  if (!parsed.ok()) {
    printError(parsed.error());
    return kLoadError;
  }
  std::vector<uint8_t> bytes = binary::writeModule(*parsed);
  if (validate) {
    auto m = Module::fromBinary(bytes);
    if (!m.ok()) {
      // The fault is in the encoded module: its offset is a binary offset.
      Error e = m.error();
      char where[48] = "";
      if (e.offset)
        std::snprintf(where, sizeof where, " (at 0x%llx in the binary)",
                      static_cast<unsigned long long>(*e.offset));
      return fail(kLoadError, in + ": " + toString(e.kind) + ": " + e.message + where);
    }
  }
  if (out == "-") {
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    return kOk;
  }
  std::ofstream o(out, std::ios::binary);
  if (!o || !o.write(reinterpret_cast<const char*>(bytes.data()),
                     static_cast<std::streamsize>(bytes.size())))
    return fail(kFailure, out + ": cannot write file");
  return kOk;
}

}  // namespace witt::cli
