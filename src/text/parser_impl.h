// The text parser's internal state, shared by the files that parse one
// concern each: parser.cpp (cursor, errors, module structure and passes),
// types.cpp (value, heap, function and table types; type uses),
// fields.cpp (module fields), instructions.cpp (instructions),
// annotations.cpp (@custom and @name), branch_hints.cpp
// (@metadata.code.branch_hint).
//
// Errors are sticky, as in the binary reader: the first fail() records the
// error and every parse function returns false from then on.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "binary/encoder.h"
#include "spec/module.h"
#include "text/code_metadata.h"
#include "text/lexer.h"
#include "witt/result.h"

namespace witt::text {

// The index spaces that identifiers name (spec 6.6.1).
enum class Space : uint8_t { Type, Func, Table, Memory, Global, Tag, Elem, Data, Count };
const char* spaceName(Space s);  // "type", "function", ...

// Whether `k` is a keyword of the text format or of WAST scripts (keywords.cpp).
bool isKnownKeyword(std::string_view k);

// A parsed type use (spec 6.6.4): `(type x)?` with inline params and results.
struct TypeUse {
  std::optional<uint32_t> index;  // from (type x)
  FuncType inline_;               // the inline params and results
  bool hasInline = false;
  std::vector<std::string> paramNames;  // one per inline param ("" if unnamed)
};

// Where a top-level field starts and what it is.
struct Field {
  size_t begin;  // index of the field's LParen
  size_t end;    // index after its RParen
  std::string_view keyword;
};

class ModuleParser {
 public:
  ModuleParser(const TokenStream& ts, size_t begin, size_t end, const std::string& file);

  // Parses the fields in [begin, end): a `(module $id? field*)` form or bare
  // fields. The module's $id goes to idOut.
  bool parse(spec::Module& out, std::string* idOut);
  const Error& error() const { return err_; }

  // ---- cursor (parser.cpp)
  const Token& peek(size_t k = 0) const;
  const Token& advance();
  bool atEnd() const { return pos_ >= end_ || peek().kind == TokenKind::Eof; }
  bool isLParen(size_t k = 0) const { return peek(k).kind == TokenKind::LParen; }
  bool isRParen(size_t k = 0) const { return peek(k).kind == TokenKind::RParen; }
  // `(` followed by the keyword `kw`.
  bool atGroup(std::string_view kw, size_t k = 0) const {
    return isLParen(k) && peek(k + 1).isKeyword(kw);
  }
  bool expectLParen();
  bool expectRParen();
  bool expectKeyword(std::string_view kw);
  bool expectGroup(std::string_view kw);  // `(` kw
  size_t matching(size_t lparen) const { return match_[lparen - begin_]; }
  void skipTo(size_t index) { pos_ = index; }
  size_t pos() const { return pos_; }

  // ---- errors
  [[gnu::noinline]] bool fail(std::string message);                    // at the current token
  [[gnu::noinline]] bool failAt(const Token& t, std::string message);  // at `t`
  bool failed() const { return failed_; }
  bool unexpected();  // "unexpected token" or "unexpected end" at the current token
  [[gnu::noinline]] bool unexpected(const Token& t);

  // ---- literals and names (parser.cpp)
  bool parseU32(uint32_t& out);
  bool parseU64(uint64_t& out);
  bool parseString(std::string& out);
  bool parseName(std::string& out);  // a string that must be valid UTF-8
  std::optional<std::string> parseOptId();
  bool isIndexToken(size_t k = 0) const {
    return peek(k).kind == TokenKind::Id || peek(k).kind == TokenKind::Number;
  }
  // An index (number or identifier) in `space`.
  bool parseIndex(Space space, uint32_t& out);
  bool resolve(Space space, const Token& t, uint32_t& out);
  bool defineName(Space space, const std::string& id, uint32_t index, const Token& at);

  // ---- types (types.cpp)
  bool parseValType(ValType& out);
  bool atValType() const;
  bool parseHeapType(HeapType& out);
  bool parseRefType(ValType& out);
  bool atRefType() const;
  bool parseTypeUse(TypeUse& out, bool allowNames);
  // The type index a type use denotes; appends an implicit type if needed.
  bool resolveTypeUse(const TypeUse& use, const Token& at, uint32_t& out);
  // The function type a parsed type use stands for.
  bool typeUseFunc(const TypeUse& use, const Token& at, FuncType& out);
  bool parseLimits(Limits& out, bool is64);
  bool parseTableType(TableType& out);
  bool parseMemoryType(MemoryType& out);
  bool parseGlobalType(GlobalType& out);
  bool parseAddressType(bool& is64);  // optional `i32` | `i64`
  bool parseTypeDefinitions(const std::vector<Field>& fields);
  bool parseFuncTypeBody(FuncType& out);  // (param ...)* (result ...)*

  // ---- fields (fields.cpp)
  bool collectIndices(const std::vector<Field>& fields);
  bool parseField(const Field& f);
  bool parseImportField();
  bool parseFuncField(uint32_t index, const Token& at);
  bool parseTableField(uint32_t index);
  bool parseMemoryField(uint32_t index);
  bool parseElemField();
  bool parseDataField();
  bool parseElemItem(spec::ConstExpr& out);
  bool parseInlineExports(ExternKind kind, uint32_t index);
  bool parseImportDesc(spec::Import& im, const Token& at);  // also records the import
  uint32_t nextIndex(ExternKind kind);
  spec::ConstExpr zeroOffset(bool is64);
  bool parseConstExpr(spec::ConstExpr& out);  // instructions up to `)`; appends `end`
  bool parseOffset(spec::ConstExpr& out);     // (offset instr*) | folded instruction

  // ---- instructions (instructions.cpp)
  struct FuncCtx {
    bool isConst = false;    // constant expression: no locals or labels
    uint32_t funcIndex = 0;  // whole index space
    std::unordered_map<std::string, uint32_t> locals;
    std::vector<std::string_view> labels;  // innermost last; "" for unnamed
    unsigned depth = 0;
    // The branch hint (index in hints_) taken by parseFolded for the folded
    // `if` it hands to parseBlockFolded; -1 if none.
    int hint = -1;
  };
  bool parseInstrs(FuncCtx& f);  // until `)` or a block terminator keyword
  bool parseFolded(FuncCtx& f);
  bool parsePlain(FuncCtx& f);
  bool parseBlockPlain(FuncCtx& f, Op op);
  bool parseBlockFolded(FuncCtx& f, Op op);
  // The helpers below are kept out of line so that the recursive functions'
  // frames stay small (deep nesting must not exhaust the stack).
  [[gnu::noinline]] bool parseBlockType(FuncCtx& f);
  [[gnu::noinline]] bool parseCatchClauses(FuncCtx& f);
  [[gnu::noinline]] bool parseImmediates(FuncCtx& f, Op op, const Token& at);
  bool parseLabel(FuncCtx& f, uint32_t& depth);
  bool parseMemArg(Op op, bool lane);
  bool parseV128Const();
  bool endLabel(FuncCtx& f, std::string_view label);  // optional id after end/else/catch
  [[gnu::noinline]] bool unknownOperator(const Token& t);
  [[gnu::noinline]] bool tooDeep();
  [[gnu::noinline]] bool traceMark(FuncCtx& f, const Token& at);

  // ---- annotations (annotations.cpp)
  bool applyAnnotations(const std::vector<Field>& fields);

  // ---- branch hints (branch_hints.cpp): @metadata.code.branch_hint
  struct HintAnnotation {
    const Annotation* a;
    uint8_t value;
  };
  void collectBranchHints();
  // The hint annotations before the instruction starting at token
  // `tokenIndex` (its keyword, or the `(` of a folded form): the index in
  // hints_ of the one hint, or -1. Two hints there are "duplicate".
  [[gnu::noinline]] int takeBranchHint(const FuncCtx& f, size_t tokenIndex);
  // Attaches hint `h` (if >= 0) to the instruction `op` encoded at `offset`:
  // only `if` and `br_if` may carry one ("invalid target").
  [[gnu::noinline]] void placeBranchHint(const FuncCtx& f, int h, Op op, uint32_t offset);
  void hintsBeforeField(const Field& f);
  void hintsAfterField(const Field& f, bool hadBody);
  // Reports deferred hint errors and appends the branch hint section.
  bool finishBranchHints();
  bool hasPendingHints() const { return nextHint_ < hints_.size(); }

  // ---- output
  binary::Encoder enc() { return binary::Encoder(m_->bytes); }
  spec::Module& mod() { return *m_; }
  uint32_t poolSize() const { return static_cast<uint32_t>(m_->bytes.size()); }

 private:
  bool findFields(std::vector<Field>& fields);
  bool computeMatches();

  const TokenStream& ts_;
  const std::vector<Token>& toks_;
  size_t begin_, end_, pos_;
  std::vector<size_t> match_;  // for each LParen in range, the index after its RParen
  const std::string& file_;
  bool failed_ = false;
  Error err_;

  spec::Module* m_ = nullptr;

 public:
  // Names and index spaces.
  std::array<std::unordered_map<std::string, uint32_t>, static_cast<size_t>(Space::Count)> names_;
  std::array<uint32_t, static_cast<size_t>(Space::Count)> counts_{};
  uint32_t explicitTypes_ = 0;  // types defined by type fields (implicit ones follow)
  bool usesDataIndex_ = false;  // memory.init / data.drop seen: emit datacount
  uint32_t numStarts_ = 0;
  std::vector<std::pair<size_t, Space>> fieldSpaces_;
  // Inline elem/data segments of table/memory fields, in field order.
  uint32_t nextElem_ = 0, nextData_ = 0;
  bool moduleForm_ = false;  // `(module ...)` rather than bare fields
  // Branch hint annotations of this module in token order, the next one not
  // yet attached, the hints attached, and the first malformed (syntax) and
  // invalid (placement) errors, reported once the module has parsed.
  std::vector<HintAnnotation> hints_;
  size_t nextHint_ = 0;
  std::vector<BranchHint> branchHints_;
  std::optional<Error> hintMalformed_, hintInvalid_;
  size_t fieldsStart_ = 0, fieldsEnd_ = 0;
  uint32_t nextFunc_ = 0, nextTable_ = 0, nextMemory_ = 0, nextGlobal_ = 0, nextTag_ = 0;
};

}  // namespace witt::text
