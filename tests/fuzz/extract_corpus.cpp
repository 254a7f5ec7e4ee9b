// Writes the modules of WAST scripts as binary files, to seed the fuzz
// corpora: witt_extract_corpus OUTDIR FILE.wast...
// A text module is written as the binary witt's own text parser makes of it;
// a (module binary ...) as its bytes, malformed ones included, since they
// are the best seeds for the decoder. Modules that do not parse are skipped.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "binary/writer.h"
#include "text/script.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: witt_extract_corpus OUTDIR FILE.wast...\n");
    return 2;
  }
  std::filesystem::path out = argv[1];
  std::filesystem::create_directories(out);
  size_t written = 0;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    auto script = witt::text::parseScript(text, argv[i]);
    if (!script.ok()) {
      std::fprintf(stderr, "%s: skipped (%s)\n", argv[i], script.error().describe().c_str());
      continue;
    }
    std::string stem = std::filesystem::path(argv[i]).stem().string();
    size_t n = 0;
    for (const witt::text::ScriptCommand& c : script->commands) {
      if (!c.module) continue;
      std::vector<uint8_t> bytes;
      if (c.module->form == witt::text::ScriptModule::Form::Binary) {
        bytes = c.module->binary;
      } else if (c.module->parsed) {
        bytes = witt::binary::writeModule(*c.module->parsed);
      } else {
        continue;
      }
      char name[64];
      std::snprintf(name, sizeof name, "_%04zu.wasm", n++);
      std::ofstream o(out / (stem + name), std::ios::binary);
      o.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      ++written;
    }
  }
  std::fprintf(stderr, "witt_extract_corpus: %zu modules written to %s\n", written, out.c_str());
  return 0;
}
