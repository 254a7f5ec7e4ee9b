#include "itt/dwarf_line.h"

#include <cstring>
#include <optional>

namespace witt::itt {

namespace {

// DWARF constants (DWARF 5, section 7.22 and 7.5.6).
enum : uint8_t {
  DW_LNS_copy = 1,
  DW_LNS_advance_pc,
  DW_LNS_advance_line,
  DW_LNS_set_file,
  DW_LNS_set_column,
  DW_LNS_negate_stmt,
  DW_LNS_set_basic_block,
  DW_LNS_const_add_pc,
  DW_LNS_fixed_advance_pc,
  DW_LNS_set_prologue_end,
  DW_LNS_set_epilogue_begin,
  DW_LNS_set_isa,
};
enum : uint8_t {
  DW_LNE_end_sequence = 1,
  DW_LNE_set_address,
  DW_LNE_define_file,
  DW_LNE_set_discriminator
};
enum : uint64_t { DW_LNCT_path = 1, DW_LNCT_directory_index = 2 };
enum : uint64_t {
  DW_FORM_data2 = 0x05,
  DW_FORM_data4 = 0x06,
  DW_FORM_data8 = 0x07,
  DW_FORM_string = 0x08,
  DW_FORM_block = 0x09,
  DW_FORM_data1 = 0x0b,
  DW_FORM_sdata = 0x0d,
  DW_FORM_strp = 0x0e,
  DW_FORM_udata = 0x0f,
  DW_FORM_data16 = 0x1e,
  DW_FORM_line_strp = 0x1f,
};

constexpr uint32_t kNoFile = UINT32_MAX;

// A little-endian cursor with DWARF's unbounded LEB128s and C strings. The
// first error sticks (later reads return 0) and is reported once.
class Cursor {
 public:
  Cursor(std::span<const uint8_t> data, size_t pos = 0) : d_(data), pos_(pos) {}
  bool failed() const { return failed_; }
  size_t pos() const { return pos_; }
  void seek(size_t p) {
    if (p > d_.size())
      fail();
    else
      pos_ = p;
  }
  bool atEnd() const { return pos_ >= d_.size(); }

  uint64_t fixed(unsigned n) {
    if (d_.size() - pos_ < n || failed_) return fail(), 0;
    uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i) v |= uint64_t{d_[pos_ + i]} << (8 * i);
    pos_ += n;
    return v;
  }
  uint8_t u8() { return static_cast<uint8_t>(fixed(1)); }
  uint64_t uleb() {
    uint64_t v = 0;
    unsigned shift = 0;
    while (true) {
      uint8_t b = u8();
      if (failed_) return 0;
      if (shift < 64) v |= uint64_t{b & 0x7Fu} << shift;
      shift += 7;
      if (!(b & 0x80)) return v;
    }
  }
  int64_t sleb() {
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t b;
    do {
      b = u8();
      if (failed_) return 0;
      if (shift < 64) v |= uint64_t{b & 0x7Fu} << shift;
      shift += 7;
    } while (b & 0x80);
    if (shift < 64 && (b & 0x40)) v |= ~uint64_t{0} << shift;
    return static_cast<int64_t>(v);
  }
  std::string cstr() {
    size_t start = pos_;
    while (pos_ < d_.size() && d_[pos_] != 0) ++pos_;
    if (pos_ >= d_.size()) return fail(), std::string();
    std::string s(reinterpret_cast<const char*>(d_.data() + start), pos_ - start);
    ++pos_;
    return s;
  }
  void skip(uint64_t n) {
    if (d_.size() - pos_ < n)
      fail();
    else
      pos_ += n;
  }

 private:
  void fail() {
    failed_ = true;
    pos_ = d_.size();
  }
  std::span<const uint8_t> d_;
  size_t pos_;
  bool failed_ = false;
};

std::optional<std::string> stringAt(std::span<const uint8_t> sec, uint64_t offset) {
  if (offset >= sec.size()) return std::nullopt;
  Cursor c(sec, offset);
  std::string s = c.cstr();
  if (c.failed()) return std::nullopt;
  return s;
}

std::string joinPath(const std::string& dir, const std::string& name) {
  if (dir.empty() || (!name.empty() && name[0] == '/')) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

Error bad(size_t at, std::string msg) {
  return Error(ErrorKind::Malformed, ".debug_line: " + std::move(msg), at);
}

struct Entry {
  std::string path;
  uint64_t dir = 0;
};

// DWARF 5 directory and file entries: (content type, form) pairs then data.
Result<std::vector<Entry>> readEntries(Cursor& c, unsigned offsetSize,
                                       std::span<const uint8_t> lineStr,
                                       std::span<const uint8_t> str) {
  uint8_t numFormats = c.u8();
  std::vector<std::pair<uint64_t, uint64_t>> formats;
  for (uint8_t i = 0; i < numFormats; ++i) {
    uint64_t type = c.uleb();
    uint64_t form = c.uleb();
    formats.emplace_back(type, form);
  }
  uint64_t count = c.uleb();
  std::vector<Entry> out;
  for (uint64_t i = 0; i < count && !c.failed(); ++i) {
    Entry e;
    for (auto [type, form] : formats) {
      std::optional<std::string> s;
      uint64_t num = 0;
      size_t at = c.pos();
      switch (form) {
        case DW_FORM_string: s = c.cstr(); break;
        case DW_FORM_line_strp:
          s = stringAt(lineStr, c.fixed(offsetSize));
          if (!s) return bad(at, "bad .debug_line_str offset");
          break;
        case DW_FORM_strp:
          s = stringAt(str, c.fixed(offsetSize));
          if (!s) return bad(at, "bad .debug_str offset");
          break;
        case DW_FORM_udata: num = c.uleb(); break;
        case DW_FORM_sdata: num = static_cast<uint64_t>(c.sleb()); break;
        case DW_FORM_data1: num = c.fixed(1); break;
        case DW_FORM_data2: num = c.fixed(2); break;
        case DW_FORM_data4: num = c.fixed(4); break;
        case DW_FORM_data8: num = c.fixed(8); break;
        case DW_FORM_data16: c.skip(16); break;
        case DW_FORM_block: c.skip(c.uleb()); break;
        default: return bad(at, "unsupported form 0x" + std::to_string(form) + " in a file entry");
      }
      if (type == DW_LNCT_path && s) e.path = *s;
      if (type == DW_LNCT_directory_index) e.dir = num;
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

Result<LineTable> parseDebugLine(std::span<const uint8_t> debugLine,
                                 std::span<const uint8_t> lineStr, std::span<const uint8_t> str) {
  LineTable table;
  Cursor c(debugLine);
  while (!c.atEnd()) {
    const size_t unitStart = c.pos();
    uint64_t length = c.fixed(4);
    unsigned offsetSize = 4;
    if (length == 0xffffffff) {  // 64-bit DWARF
      length = c.fixed(8);
      offsetSize = 8;
    } else if (length >= 0xfffffff0) {
      return bad(unitStart, "reserved unit length");
    }
    if (c.failed() || length > debugLine.size() - c.pos())
      return bad(unitStart, "unit length out of bounds");
    const size_t unitEnd = c.pos() + length;
    const uint16_t version = static_cast<uint16_t>(c.fixed(2));
    if (version < 2 || version > 5)
      return bad(unitStart, "unsupported version " + std::to_string(version));
    unsigned addressSize = 0;
    if (version >= 5) {
      addressSize = c.u8();
      c.u8();  // segment selector size
    }
    uint64_t headerLength = c.fixed(offsetSize);
    const size_t programStart = c.pos() + headerLength;
    if (c.failed() || programStart > unitEnd) return bad(unitStart, "header length out of bounds");
    const uint8_t minInstLength = c.u8();
    if (version >= 4) c.u8();  // maximum_operations_per_instruction (VLIW only)
    const bool defaultIsStmt = c.u8() != 0;
    const int8_t lineBase = static_cast<int8_t>(c.u8());
    const uint8_t lineRange = c.u8();
    const uint8_t opcodeBase = c.u8();
    if (lineRange == 0) return bad(unitStart, "line_range is 0");
    if (opcodeBase == 0) return bad(unitStart, "opcode_base is 0");
    std::vector<uint8_t> stdLengths(opcodeBase);
    for (uint8_t i = 1; i < opcodeBase; ++i) stdLengths[i] = c.u8();

    // The unit's files, as indices into table.files. DWARF 5 numbers files
    // from 0, earlier versions from 1.
    std::vector<uint32_t> files;
    const uint32_t firstFile = version >= 5 ? 0 : 1;
    if (version >= 5) {
      auto dirs = readEntries(c, offsetSize, lineStr, str);
      if (!dirs.ok()) return std::move(dirs).error();
      auto names = readEntries(c, offsetSize, lineStr, str);
      if (!names.ok()) return std::move(names).error();
      for (const Entry& f : *names) {
        std::string dir = f.dir < dirs->size() ? (*dirs)[f.dir].path : std::string();
        files.push_back(static_cast<uint32_t>(table.files.size()));
        table.files.push_back(joinPath(dir, f.path));
      }
    } else {
      std::vector<std::string> dirs;
      while (true) {
        std::string d = c.cstr();
        if (c.failed() || d.empty()) break;
        dirs.push_back(std::move(d));
      }
      while (true) {
        std::string name = c.cstr();
        if (c.failed() || name.empty()) break;
        uint64_t dir = c.uleb();
        c.uleb();  // modification time
        c.uleb();  // length
        // Directory 0 is the compilation directory, which only .debug_info knows.
        std::string d = dir >= 1 && dir <= dirs.size() ? dirs[dir - 1] : std::string();
        files.push_back(static_cast<uint32_t>(table.files.size()));
        table.files.push_back(joinPath(d, name));
      }
    }
    if (c.failed()) return bad(unitStart, "truncated header");
    c.seek(programStart);

    auto fileIndex = [&](uint64_t f) -> uint32_t {
      if (f < firstFile || f - firstFile >= files.size()) return kNoFile;
      return files[f - firstFile];
    };

    LineRow state;
    int64_t line = 1;
    uint64_t file = 1;
    auto resetState = [&] {
      state = LineRow{};
      state.isStmt = defaultIsStmt;
      line = 1;
      file = 1;
    };
    auto emit = [&](bool endSequence) {
      LineRow row = state;
      row.line = line < 0 ? 0 : static_cast<uint32_t>(line);
      row.file = fileIndex(file);
      row.endSequence = endSequence;
      table.rows.push_back(row);
    };
    resetState();
    while (c.pos() < unitEnd && !c.failed()) {
      const size_t at = c.pos();
      uint8_t op = c.u8();
      if (op >= opcodeBase) {  // special opcode
        uint8_t adjusted = static_cast<uint8_t>(op - opcodeBase);
        state.address += static_cast<uint64_t>(adjusted / lineRange) * minInstLength;
        line += lineBase + adjusted % lineRange;
        emit(false);
        continue;
      }
      switch (op) {
        case 0: {  // extended opcode
          uint64_t len = c.uleb();
          size_t next = c.pos() + len;
          if (len == 0 || next > unitEnd) return bad(at, "bad extended opcode length");
          uint8_t sub = c.u8();
          switch (sub) {
            case DW_LNE_end_sequence:
              emit(true);
              resetState();
              break;
            case DW_LNE_set_address: {
              uint64_t size = len - 1;
              if (addressSize && size != addressSize) return bad(at, "set_address size mismatch");
              if (size > 8) return bad(at, "address wider than 8 bytes");
              state.address = c.fixed(static_cast<unsigned>(size));
              break;
            }
            case DW_LNE_define_file: {
              std::string name = c.cstr();
              c.uleb();
              c.uleb();
              c.uleb();
              files.push_back(static_cast<uint32_t>(table.files.size()));
              table.files.push_back(name);
              break;
            }
            default: break;  // DW_LNE_set_discriminator and vendor extensions: skipped
          }
          c.seek(next);
          break;
        }
        case DW_LNS_copy: emit(false); break;
        case DW_LNS_advance_pc: state.address += c.uleb() * minInstLength; break;
        case DW_LNS_advance_line: line += c.sleb(); break;
        case DW_LNS_set_file: file = c.uleb(); break;
        case DW_LNS_set_column: state.column = static_cast<uint32_t>(c.uleb()); break;
        case DW_LNS_negate_stmt: state.isStmt = !state.isStmt; break;
        case DW_LNS_set_basic_block: break;
        case DW_LNS_const_add_pc:
          state.address += static_cast<uint64_t>((255 - opcodeBase) / lineRange) * minInstLength;
          break;
        case DW_LNS_fixed_advance_pc: state.address += c.fixed(2); break;
        case DW_LNS_set_prologue_end:
        case DW_LNS_set_epilogue_begin: break;
        case DW_LNS_set_isa: c.uleb(); break;
        default:  // a standard opcode this reader does not know: skip its operands
          for (uint8_t i = 0; i < stdLengths[op]; ++i) c.uleb();
          break;
      }
    }
    if (c.failed()) return bad(unitStart, "truncated line-number program");
    c.seek(unitEnd);
  }
  return table;
}

Result<LineTable> readLineTable(const spec::Module& m) {
  const spec::CustomSection *line = nullptr, *lineStr = nullptr, *str = nullptr;
  for (const spec::CustomSection& c : m.customs) {
    if (c.name == ".debug_line" && !line) line = &c;
    if (c.name == ".debug_line_str" && !lineStr) lineStr = &c;
    if (c.name == ".debug_str" && !str) str = &c;
  }
  if (!line)
    return Error(ErrorKind::Usage,
                 "the module has no .debug_line section (build it with -g, and keep wasm-opt "
                 "from stripping DWARF)");
  auto r = parseDebugLine(m.span(line->content),
                          lineStr ? m.span(lineStr->content) : std::span<const uint8_t>{},
                          str ? m.span(str->content) : std::span<const uint8_t>{});
  if (!r.ok() && r.error().offset) *r.error().offset += line->content.offset;  // a file offset
  return r;
}

bool sameSourceFile(std::string_view path, std::string_view file) {
  if (file.empty()) return false;
  if (path == file) return true;
  if (path.size() <= file.size()) return false;
  return path.substr(path.size() - file.size()) == file &&
         path[path.size() - file.size() - 1] == '/';
}

std::vector<LineRow> rowsForLine(const LineTable& table, std::string_view file, uint32_t line) {
  std::vector<LineRow> out;
  for (const LineRow& r : table.rows) {
    if (r.endSequence || r.line != line || r.file >= table.files.size()) continue;
    if (sameSourceFile(table.files[r.file], file)) out.push_back(r);
  }
  return out;
}

}  // namespace witt::itt
