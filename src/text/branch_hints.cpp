// Branch hint annotations (branch hinting proposal,
// https://github.com/WebAssembly/branch-hinting, text format of code metadata):
//
//   (@metadata.code.branch_hint "\00")   the next branch is unlikely taken
//   (@metadata.code.branch_hint "\01")   the next branch is likely taken
//
// A hint belongs to the first instruction that starts after it in the source
// (for a folded instruction, its `(`), as in the reference interpreter: so it
// goes right before a plain `if` / `br_if` or a folded `(if ...)` /
// `(br_if ...)`, and applies to that instruction's opcode (in the folded forms
// it is encoded after the operands). The module gets a custom section
// `metadata.code.branch_hint` (src/text/code_metadata.h) placed before the
// code section.
//
// The checks and their words are the testsuite's (custom/branch_hint.wast):
//  - malformed (reported as a parse error once the module has parsed):
//    "unexpected token" (a payload that is not strings), "invalid hint value"
//    (not exactly one byte 0 or 1), "not in a function" (between fields, in an
//    imported function), "invalid placement" (no instruction after it in its
//    function), "duplicate annotation" (two hints for one instruction);
//  - invalid (ErrorKind::Invalid, reported if the module is otherwise well
//    formed): "invalid target", a hint on an instruction other than `if` and
//    `br_if`.
#include "text/parser_impl.h"

namespace witt::text {
namespace {

constexpr const char* kPrefix = "@metadata.code.branch_hint annotation: ";

Error hintError(ErrorKind kind, const Annotation& a, const std::string& file, const char* what) {
  Error e(kind, std::string(kPrefix) + what);
  e.file = file;
  e.line = a.line;
  e.column = a.column;
  return e;
}

}  // namespace

void ModuleParser::collectBranchHints() {
  for (const Annotation& a : ts_.annotations) {
    if (a.id != kBranchHintAnnotation) continue;
    bool inside = moduleForm_ ? (a.beforeToken > begin_ && a.beforeToken < end_)
                              : (a.beforeToken >= begin_ && a.beforeToken <= end_);
    if (!inside) continue;
    std::string payload;
    bool strings = true;
    for (const Token& t : a.tokens) {
      if (t.kind != TokenKind::String) strings = false;
      payload += t.value;
    }
    if (!strings || a.tokens.empty()) {
      if (!hintMalformed_)
        hintMalformed_ = hintError(ErrorKind::Malformed, a, file_, "unexpected token");
      continue;
    }
    if (payload.size() != 1 || static_cast<uint8_t>(payload[0]) > 1) {
      if (!hintMalformed_)
        hintMalformed_ = hintError(ErrorKind::Malformed, a, file_, "invalid hint value");
      continue;
    }
    hints_.push_back({&a, static_cast<uint8_t>(payload[0])});
  }
}

int ModuleParser::takeBranchHint(const FuncCtx& f, size_t tokenIndex) {
  if (f.isConst) return -1;
  int found = -1;
  while (nextHint_ < hints_.size() && hints_[nextHint_].a->beforeToken <= tokenIndex) {
    if (found >= 0 && !hintMalformed_)
      hintMalformed_ =
          hintError(ErrorKind::Malformed, *hints_[nextHint_].a, file_, "duplicate annotation");
    if (found < 0) found = static_cast<int>(nextHint_);
    ++nextHint_;
  }
  return found;
}

void ModuleParser::placeBranchHint(const FuncCtx& f, int h, Op op, uint32_t offset) {
  if (h < 0) return;
  if (op != Op::If && op != Op::BrIf) {
    if (!hintInvalid_)
      hintInvalid_ = hintError(ErrorKind::Invalid, *hints_[h].a, file_, "invalid target");
    return;
  }
  branchHints_.push_back({f.funcIndex, offset, hints_[h].value});
}

void ModuleParser::hintsBeforeField(const Field& f) {
  while (nextHint_ < hints_.size() && hints_[nextHint_].a->beforeToken <= f.begin) {
    if (!hintMalformed_)
      hintMalformed_ =
          hintError(ErrorKind::Malformed, *hints_[nextHint_].a, file_, "not in a function");
    ++nextHint_;
  }
}

void ModuleParser::hintsAfterField(const Field& f, bool hadBody) {
  while (nextHint_ < hints_.size() && hints_[nextHint_].a->beforeToken < f.end) {
    if (!hintMalformed_)
      hintMalformed_ = hintError(ErrorKind::Malformed, *hints_[nextHint_].a, file_,
                                 hadBody ? "invalid placement" : "not in a function");
    ++nextHint_;
  }
}

bool ModuleParser::finishBranchHints() {
  while (nextHint_ < hints_.size()) {
    if (!hintMalformed_)
      hintMalformed_ =
          hintError(ErrorKind::Malformed, *hints_[nextHint_].a, file_, "not in a function");
    ++nextHint_;
  }
  for (auto* e : {&hintMalformed_, &hintInvalid_}) {
    if (*e) {
      failed_ = true;
      err_ = std::move(**e);
      return false;
    }
  }
  if (branchHints_.empty()) return true;
  std::vector<uint8_t> content = encodeBranchHintSection(*m_, branchHints_);
  spec::CustomSection cs;
  cs.name = std::string(kBranchHintSectionName);
  cs.content.offset = poolSize();
  enc().bytes(content);
  cs.content.size = poolSize() - cs.content.offset;
  cs.sectionOffset = 0;
  // Before the code section: after the datacount section's place.
  cs.afterSection = static_cast<uint8_t>(spec::SectionId::DataCount);
  m_->customs.push_back(std::move(cs));
  return true;
}

}  // namespace witt::text
