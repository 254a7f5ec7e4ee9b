// Trace marks of the instrument-tracing proposal
// (https://github.com/WebAssembly/instrument-tracing): the mark model shared by
// the section readers and writers, the module rewriting tools, the listing and
// the engine.
//
// A trace mark is a point in a function body carrying a 32-bit id. It is not
// an instruction: it fires right before the instruction that starts at its
// offset, and executing it changes nothing (no stack effect, no trap). With a
// tool attached, marks start and stop regions (src/itt/regions.h).
//
// Offsets count from FunctionBody::localsOffset, the first byte after the
// body-size LEB128, exactly as V8's `metadata.code.trace_inst` section counts
// them (https://chromium.googlesource.com/v8/v8/+/refs/heads/main/src/wasm/module-decoder-impl.h,
// DecodeInstTraceSection). The first instruction of a body is therefore at
// `codeOffset - localsOffset`, not at 0. See docs/trace-marks.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "spec/module.h"
#include "spec/opcode.h"
#include "witt/result.h"

namespace witt::itt {

struct TraceMark {
  uint32_t funcIndex = 0;  // in the whole function index space (imports first)
  uint32_t offset = 0;     // from FunctionBody::localsOffset of that function
  uint32_t id = 0;
  bool operator==(const TraceMark&) const = default;
};

// Something wrong (Warning) or worth knowing (Note) about marks: where it was
// found and what it is. In strict mode (--strict-marks) a Warning is an error;
// a Note never is.
struct MarkDiagnostic {
  enum class Severity : uint8_t { Note, Warning };
  Severity severity = Severity::Warning;
  std::string section;                 // "metadata.code.trace_inst", "instTrace", "text", ...
  std::optional<uint32_t> entry;       // index of the entry in the section (0-based)
  std::optional<uint64_t> fileOffset;  // byte offset in the module where the problem is
  std::string message;

  // "metadata.code.trace_inst: entry 2 at 0x1f: offset 3 in function 1 is not an
  // instruction start (mark dropped)"
  std::string describe() const;
};

bool hasWarnings(std::span<const MarkDiagnostic> diagnostics);

// The marks of a module, sorted by function then offset. Several marks at one
// offset are allowed (for example `(trace_instruction 1) (trace_instruction 2)`
// before one instruction): they keep their insertion order, which is the order
// of the section they were read from, and fire in that order.
class MarkSet {
 public:
  MarkSet() = default;
  explicit MarkSet(std::vector<TraceMark> marks);

  // Inserts after every mark already at (funcIndex, offset).
  void add(const TraceMark& m);
  void add(const MarkSet& other);

  const std::vector<TraceMark>& marks() const { return marks_; }
  size_t size() const { return marks_.size(); }
  bool empty() const { return marks_.empty(); }
  auto begin() const { return marks_.begin(); }
  auto end() const { return marks_.end(); }
  const TraceMark& operator[](size_t i) const { return marks_[i]; }

  // The marks of one function, in offset order.
  std::span<const TraceMark> forFunction(uint32_t funcIndex) const;
  // The distinct ids, increasing.
  std::vector<uint32_t> ids() const;
  // Removes the marks for which `pred` is true.
  template <class Pred>
  size_t removeIf(Pred pred) {
    return std::erase_if(marks_, pred);
  }

  bool operator==(const MarkSet&) const = default;

 private:
  std::vector<TraceMark> marks_;
};

// The instructions of one function body: where each starts (from
// localsOffset) and what it is. Built by decoding the body with readInstr.
struct BodyInstr {
  uint32_t offset;  // from FunctionBody::localsOffset
  Op op;
};

class BodyMap {
 public:
  // Decodes defined function `funcIndex` (whole index space) of `m`.
  static Result<BodyMap> build(const spec::Module& m, uint32_t funcIndex);

  uint32_t funcIndex() const { return funcIndex_; }
  const std::vector<BodyInstr>& instrs() const { return instrs_; }
  // Offset of the first instruction (= codeOffset - localsOffset).
  uint32_t firstOffset() const { return instrs_.empty() ? 0 : instrs_.front().offset; }
  // One past the final `end` (= body size).
  uint32_t endOffset() const { return end_; }
  bool isInstrStart(uint32_t offset) const;
  // Index of the instruction starting at `offset`, if any.
  std::optional<size_t> indexOf(uint32_t offset) const;
  // The first instruction starting at or after `offset`, if any.
  std::optional<size_t> firstAtOrAfter(uint32_t offset) const;

 private:
  uint32_t funcIndex_ = 0;
  uint32_t end_ = 0;
  std::vector<BodyInstr> instrs_;
};

// Lazily built BodyMaps of a module's functions, to check many marks.
class CodeIndex {
 public:
  explicit CodeIndex(const spec::Module& m) : m_(m) {}
  const spec::Module& module() const { return m_; }
  // The map of defined function `funcIndex`; nullptr (and the reason in `why`)
  // if it is not a defined function or its body does not decode.
  const BodyMap* body(uint32_t funcIndex, std::string* why = nullptr);
  // Why `t` cannot fire in this module, or nullopt if it can: the function
  // must be defined and the offset an instruction start of its body.
  std::optional<std::string> problem(const TraceMark& t);
  // The defined function whose body (local declarations included) contains
  // the absolute pool offset `at`, if any.
  std::optional<uint32_t> functionAt(uint64_t at) const;

 private:
  const spec::Module& m_;
  std::map<uint32_t, std::optional<BodyMap>> maps_;
  std::map<uint32_t, std::string> errors_;
};

// Size of the local declarations of `body` as they appear before its first
// instruction: the bytes between localsOffset and codeOffset in a binary, or
// their canonical encoding for a module built by the text parser, whose pool
// holds only the instructions (codeOffset == localsOffset there).
uint32_t localsSize(const spec::FunctionBody& body);

// Checks every mark against `m`: the function must be a defined function and
// the offset an instruction start inside its body (the final `end` included).
// Removes the marks that fail and returns one Warning per removed mark.
// `section` names where the marks came from, for the diagnostics.
std::vector<MarkDiagnostic> validateMarks(const spec::Module& m, MarkSet& marks,
                                          const std::string& section = "marks");

// The marks written in the text format ((trace_instruction N) / i32.itt N),
// which the text parser records in spec::Module::traceMarks with absolute pool
// offsets, converted to offsets from localsOffset.
MarkSet marksFromIr(const spec::Module& m);

}  // namespace witt::itt
