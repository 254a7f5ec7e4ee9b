// The printer against the whole spec testsuite: for every text module that
// parses, text -> binary -> text -> binary gives the same bytes, with flat
// and with folded instructions (and printing the parsed structure directly,
// which also covers the binaries the decoder does not read yet). Binary
// modules of the scripts that decode are printed too: the text must parse,
// and give back the binary the writer makes of the decoded module unless it
// uses an encoding the text cannot choose (non-minimal LEB128s, ...: counted
// apart, not failures). A second test adds trace marks and branch hints
// everywhere. Skipped when the testsuite is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/reader.h"
#include "binary/instruction.h"
#include "binary/module_decoder.h"
#include "binary/writer.h"
#include "support/test_support.h"
#include "text/code_metadata.h"
#include "text/parser.h"
#include "text/printer.h"
#include "text/script.h"

namespace witt::text {
namespace {

std::vector<std::string> wastFiles() {
  std::vector<std::string> files;
  auto shared = test::sharedDir();
  if (!shared) return files;
  std::filesystem::path root = std::filesystem::path(*shared) / "spec-testsuite";
  if (!std::filesystem::is_directory(root)) return files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".wast") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Counts {
  size_t modules = 0;      // text modules that parse
  size_t undecodable = 0;  // their binary does not decode (decoder gaps, malformed on purpose)
  size_t identical = 0;    // round trips, per printing mode
  size_t rawNames = 0;     // ... that printed their name section as @custom
  size_t binaries = 0;     // binary modules of the scripts that decode
  size_t binaryExact = 0;  // ... whose printed text gives back the writer's bytes
  size_t binaryOther = 0;  // ... whose printed text parses, to other (equivalent) bytes
  size_t binaryUnprintable = 0;  // ... with a body the text cannot express (printer warnings)
};

// text bytes (from the writer) -> decode -> print -> parse -> write.
// Returns an empty string when the round trip holds, else what went wrong.
std::string roundTrip(const std::vector<uint8_t>& bytes, bool fold, std::vector<uint8_t>* again,
                      std::string* printed = nullptr) {
  auto decoded = binary::decodeModule(bytes);
  if (!decoded) return "undecodable: " + decoded.error().describe();
  PrintOptions o;
  o.fold = fold;
  std::string text = printModule(*decoded, o);
  if (printed) *printed = text;
  auto reparsed = parseModule(text, "printed.wat");
  if (!reparsed) return "printed text does not parse: " + reparsed.error().describe() + "\n" + text;
  *again = binary::writeModule(*reparsed);
  if (*again != bytes) return "bytes differ\n" + text;
  return "";
}

TEST(PrinterRoundTrip, SpecTestsuite) {
  auto files = wastFiles();
  if (files.empty()) GTEST_SKIP() << "spec testsuite not found (set WITT_SHARED)";
  Counts flat, folded, direct;
  size_t reported = 0;
  for (const auto& file : files) {
    auto script = parseScript(readText(file), file);
    ASSERT_TRUE(script.ok()) << script.error().describe();
    for (const auto& c : script->commands) {
      if (!c.module) continue;
      if (c.module->form == ScriptModule::Form::Binary) {
        auto decoded = binary::decodeModule(c.module->binary);
        if (!decoded) continue;
        std::vector<uint8_t> canonical = binary::writeModule(*decoded);
        for (bool fold : {false, true}) {
          Counts& n = fold ? folded : flat;
          ++n.binaries;
          PrintOptions o;
          o.fold = fold;
          std::vector<std::string> warnings;
          std::string text = printModule(*decoded, o, &warnings);
          if (!warnings.empty()) {
            // A body the text cannot express (no final `end`, ...): invalid.
            ++n.binaryUnprintable;
            continue;
          }
          auto reparsed = parseModule(text, "printed.wat");
          if (!reparsed) {
            // Unsupported proposals parse in binary form only in part.
            if (reparsed.error().message.find("not supported") != std::string::npos) continue;
            ADD_FAILURE() << file << ":" << c.line << ": printed binary module does not parse: "
                          << reparsed.error().describe() << "\n"
                          << text;
            continue;
          }
          if (binary::writeModule(*reparsed) == canonical) {
            ++n.binaryExact;
          } else {
            ++n.binaryOther;
            if (std::getenv("WITT_PRINTER_VERBOSE"))
              std::printf("%s:%u: equivalent bytes only\n", file.c_str(), c.line);
          }
        }
        continue;
      }
      if (!c.module->parsed) continue;
      std::vector<uint8_t> bytes = binary::writeModule(*c.module->parsed);
      // The parsed structure printed directly (no decoder involved): this
      // covers the modules whose binary witt does not decode yet.
      {
        ++direct.modules;
        std::string text = printModule(*c.module->parsed);
        auto reparsed = parseModule(text, "printed.wat");
        if (reparsed && binary::writeModule(*reparsed) == bytes)
          ++direct.identical;
        else
          ADD_FAILURE() << file << ":" << c.line << " (printed from the parsed module)\n" << text;
      }
      for (bool fold : {false, true}) {
        Counts& n = fold ? folded : flat;
        ++n.modules;
        std::vector<uint8_t> again;
        std::string text;
        std::string problem = roundTrip(bytes, fold, &again, &text);
        if (problem.empty()) {
          ++n.identical;
          if (text.find("(@custom \"name\"") != std::string::npos) {
            ++n.rawNames;
            if (std::getenv("WITT_PRINTER_VERBOSE"))
              std::printf("%s:%u: name section printed as @custom\n", file.c_str(), c.line);
          }
        } else if (problem.starts_with("undecodable")) {
          ++n.undecodable;
        } else if (reported++ < 20) {
          ADD_FAILURE() << file << ":" << c.line << (fold ? " (folded)" : " (flat)") << ": "
                        << problem;
        } else {
          ADD_FAILURE() << file << ":" << c.line << (fold ? " (folded)" : " (flat)");
        }
      }
    }
  }
  for (bool fold : {false, true}) {
    const Counts& n = fold ? folded : flat;
    std::printf(
        "%s: %zu text modules, %zu round-tripped byte for byte (%zu with a @custom name "
        "section), %zu undecodable binaries; "
        "%zu binary modules printed, %zu back to the writer's bytes, %zu to equivalent bytes, "
        "%zu not expressible\n",
        fold ? "folded" : "flat", n.modules, n.identical, n.rawNames, n.undecodable, n.binaries,
        n.binaryExact, n.binaryOther, n.binaryUnprintable);
  }
  std::printf("from the parsed structure: %zu text modules, %zu round-tripped byte for byte\n",
              direct.modules, direct.identical);
  EXPECT_EQ(direct.modules, direct.identical);
  EXPECT_EQ(flat.modules, flat.identical + flat.undecodable);
  EXPECT_EQ(folded.modules, folded.identical + folded.undecodable);
}

// Adds trace marks before many instructions of every function (every fourth
// and some more, two at some, `else` and `end` included) and a branch hint on
// every `if` and `br_if`, as the parser would record them.
bool addMarksAndHints(spec::Module& m) {
  std::vector<BranchHint> hints;
  for (uint32_t i = 0; i < m.code.size(); ++i) {
    const spec::FunctionBody& body = m.code[i];
    uint32_t func = m.numImportedFuncs + i;
    Reader r(m.span(body.code()), body.codeOffset);
    binary::Instr in;
    uint32_t k = 0;
    while (!r.atEnd()) {
      if (!binary::readInstr(r, in)) return false;
      // Marks on some instructions only, so that folding still happens
      // around them; two marks at one place now and then.
      if (k % 4 == 0 || k % 7 == 3) m.traceMarks.push_back({func, in.offset, in.offset});
      if (k % 12 == 0) m.traceMarks.push_back({func, in.offset, 7});
      ++k;
      if (in.op == Op::If || in.op == Op::BrIf)
        hints.push_back({func, in.offset, static_cast<uint8_t>(in.offset & 1)});
    }
  }
  bool hasHints = false;
  for (const auto& c : m.customs) hasHints |= c.name == kBranchHintSectionName;
  if (!hints.empty() && !hasHints) {
    std::vector<uint8_t> content = encodeBranchHintSection(m, hints);
    spec::CustomSection cs;
    cs.name = std::string(kBranchHintSectionName);
    cs.content.offset = static_cast<uint32_t>(m.bytes.size());
    cs.content.size = static_cast<uint32_t>(content.size());
    m.bytes.insert(m.bytes.end(), content.begin(), content.end());
    cs.sectionOffset = 0;
    cs.afterSection = static_cast<uint8_t>(spec::SectionId::DataCount);
    m.customs.push_back(std::move(cs));
  }
  return true;
}

// The same round trip with trace marks and branch hints everywhere they can
// go: they must come back as (trace_instruction N) and
// (@metadata.code.branch_hint ...) at the right instructions.
TEST(PrinterRoundTrip, SpecTestsuiteWithMarksAndHints) {
  auto files = wastFiles();
  if (files.empty()) GTEST_SKIP() << "spec testsuite not found (set WITT_SHARED)";
  size_t modules = 0, identical = 0, undecodable = 0, withHints = 0, reported = 0;
  for (const auto& file : files) {
    auto script = parseScript(readText(file), file);
    ASSERT_TRUE(script.ok()) << script.error().describe();
    for (const auto& c : script->commands) {
      if (!c.module || !c.module->parsed || c.module->parsed->code.empty()) continue;
      spec::Module m = *c.module->parsed;
      if (!m.traceMarks.empty() || !addMarksAndHints(m)) continue;
      std::vector<uint8_t> bytes = binary::writeModule(m);
      for (bool fold : {false, true}) {
        ++modules;
        std::vector<uint8_t> again;
        std::string text;
        std::string problem = roundTrip(bytes, fold, &again, &text);
        if (problem.empty()) {
          ++identical;
          // Marks and hints must come back in their text form, not as @custom.
          bool raw = text.find("(@custom \"metadata.code") != std::string::npos;
          bool hints = text.find("(@metadata.code.branch_hint") != std::string::npos;
          EXPECT_FALSE(raw) << file << ":" << c.line;
          EXPECT_NE(text.find("(trace_instruction"), std::string::npos) << file << ":" << c.line;
          withHints += hints;
        } else if (problem.starts_with("undecodable")) {
          ++undecodable;
        } else if (reported++ < 5) {
          ADD_FAILURE() << file << ":" << c.line << (fold ? " (folded)" : " (flat)") << ": "
                        << problem;
        } else {
          ADD_FAILURE() << file << ":" << c.line << (fold ? " (folded)" : " (flat)");
        }
      }
    }
  }
  std::printf(
      "with marks and hints: %zu module printings, %zu round-tripped (%zu with branch hints), "
      "%zu undecodable\n",
      modules, identical, withHints, undecodable);
  EXPECT_EQ(modules, identical + undecodable);
}

}  // namespace
}  // namespace witt::text
