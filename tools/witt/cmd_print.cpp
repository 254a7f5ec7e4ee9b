// witt print FILE [--fold] [-o OUT]: prints a module (binary or text) in the
// text format (src/text/printer.h). A text FILE is parsed, encoded and decoded
// first, so the output is the canonical text of its binary.
#include <cstdio>
#include <fstream>
#include <iterator>

#include "binary/module_decoder.h"
#include "binary/writer.h"
#include "cli.h"
#include "text/parser.h"
#include "text/printer.h"

namespace witt::cli {
namespace {

const char* kPrintUsage =
    "usage: witt print FILE [--fold] [-o OUT]\n"
    "  prints the module FILE (.wasm or .wat) in the WebAssembly text format\n"
    "  --fold         fold instructions into S-expressions where the stack allows it\n"
    "  -o OUT         write to OUT instead of standard output\n"
    "  --no-indices   no (;N;) index comments on unnamed entities\n";

bool isBinary(const std::vector<uint8_t>& bytes) {
  static const uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
  return bytes.size() >= 4 && std::equal(kMagic, kMagic + 4, bytes.begin());
}

}  // namespace

int printCommand(const Args& args) {
  if (args.empty()) {
    std::fputs(kPrintUsage, stderr);
    return kUsage;
  }
  std::string in, out;
  text::PrintOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kPrintUsage, stdout);
      return kOk;
    } else if (a == "--fold") {
      options.fold = true;
    } else if (a == "--no-indices") {
      options.indexComments = false;
    } else if (a == "-o") {
      if (++i >= args.size()) return fail(kUsage, "print: -o needs a file name");
      out = args[i];
    } else if (a.size() > 1 && a[0] == '-') {
      return fail(kUsage, "print: unknown option '" + a + "'");
    } else if (in.empty()) {
      in = a;
    } else {
      return fail(kUsage, "print: more than one input file ('" + in + "', '" + a + "')");
    }
  }
  if (in.empty()) return fail(kUsage, "print: no input file");

  std::ifstream file(in, std::ios::binary);
  if (!file) return fail(kLoadError, in + ": cannot open file");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                             std::istreambuf_iterator<char>());
  if (!isBinary(bytes)) {
    auto parsed = text::parseModule(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), in);
    if (!parsed.ok()) {
      printError(parsed.error());
      return kLoadError;
    }
    bytes = binary::writeModule(*parsed);
  }
  binary::DecodeOptions decodeOptions;
  decodeOptions.fileName = in;
  auto decoded = binary::decodeModule(std::move(bytes), decodeOptions);
  if (!decoded.ok()) {
    printError(decoded.error());
    return kLoadError;
  }
  std::vector<std::string> warnings;
  std::string text = text::printModule(*decoded, options, &warnings);
  for (const auto& w : warnings)
    std::fprintf(stderr, "witt: %s: warning: %s\n", in.c_str(), w.c_str());
  if (out.empty() || out == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kOk;
  }
  std::ofstream o(out, std::ios::binary);
  if (!o || !o.write(text.data(), static_cast<std::streamsize>(text.size())))
    return fail(kFailure, out + ": cannot write file");
  return kOk;
}

}  // namespace witt::cli
