// Module::fromText and Module::fromFile: the entry points that need the text
// front end. A text module is parsed, encoded as a binary and then decoded
// like any binary, so offsets in later errors and tools are binary offsets.
#include <fstream>
#include <iterator>

#include "binary/writer.h"
#include "runtime/compiled_module.h"
#include "text/parser.h"
#include "witt/engine.h"

namespace witt {

Result<Module> Module::fromText(std::string_view text, const LoadOptions& options) {
  auto parsed = text::parseModule(text, options.fileName);
  if (!parsed.ok()) return std::move(parsed).error();
  std::vector<uint8_t> bytes = binary::writeModule(*parsed);
  return fromBinary(bytes, options);
}

Result<Module> Module::fromFile(const std::string& path, const LoadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error e(ErrorKind::Io, "cannot open file");
    e.file = path;
    return e;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LoadOptions o = options;
  if (o.fileName.empty()) o.fileName = path;
  static const uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
  if (bytes.size() >= 4 && std::equal(bytes.begin(), bytes.begin() + 4, kMagic)) return fromBinary(bytes, o);
  return fromText(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), o);
}

}  // namespace witt
