// A bounds-checked cursor over bytes with strict LEB128 decoding.
//
// The reader keeps the first error it meets (sticky, as V8's Decoder does): a
// failed read returns 0 and later reads return 0 too, so a decoder can read a
// whole construct and check failed() once, instead of testing every field.
// Errors carry the absolute byte offset where the fault was found.
// LEB128: https://webassembly.github.io/spec/core/binary/values.html#integers
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "witt/result.h"

namespace witt {

class Reader {
 public:
  // `base` is the absolute offset of data[0] in the module, for error offsets.
  Reader(std::span<const uint8_t> data, uint64_t base = 0)
      : begin_(data.data()), pos_(data.data()), end_(data.data() + data.size()), base_(base) {}

  bool failed() const { return failed_; }
  bool atEnd() const { return pos_ >= end_; }
  size_t remaining() const { return failed_ ? 0 : static_cast<size_t>(end_ - pos_); }
  uint64_t offset() const { return base_ + static_cast<uint64_t>(pos_ - begin_); }
  const uint8_t* position() const { return pos_; }
  const uint8_t* end() const { return end_; }
  const Error& error() const { return error_; }
  Error takeError() { return std::move(error_); }

  // What a read past the end reports. "unexpected end" by default; the module
  // decoder sets "unexpected end of section or function" once past the header,
  // the reference interpreter's words for a truncation anywhere in a module.
  void setEndMessage(const char* message) { endMessage_ = message; }
  const char* endMessage() const { return endMessage_; }

  // Records an error at the current offset (or `at`) unless one is recorded.
  void fail(std::string message) { failAt(offset(), std::move(message)); }
  void failAt(uint64_t at, std::string message) {
    if (failed_) return;
    failed_ = true;
    error_ = Error(ErrorKind::Malformed, std::move(message), at);
    pos_ = end_;
  }

  uint8_t peekByte() const { return (!failed_ && pos_ < end_) ? *pos_ : 0; }

  uint8_t readByte(const char* what = nullptr) {
    if (pos_ >= end_) {
      fail(what ? what : endMessage_);
      return 0;
    }
    return *pos_++;
  }

  // Fixed-width little-endian reads (used for float immediates).
  uint32_t readFixedU32() { return readFixed<uint32_t>(); }
  uint64_t readFixedU64() { return readFixed<uint64_t>(); }

  std::span<const uint8_t> readBytes(size_t n, const char* what = nullptr) {
    if (static_cast<size_t>(end_ - pos_) < n) {
      fail(what ? what : endMessage_);
      return {};
    }
    std::span<const uint8_t> s(pos_, n);
    pos_ += n;
    return s;
  }

  void skip(size_t n) { (void)readBytes(n); }

  // Unsigned LEB128 of at most `bits` bits: rejects overlong encodings and set
  // bits beyond `bits` in the last byte ("integer representation too long",
  // "integer too large" in the testsuite's words).
  template <unsigned bits>
  uint64_t readUnsigned() {
    static_assert(bits <= 64);
    constexpr unsigned maxBytes = (bits + 6) / 7;
    uint64_t result = 0;
    for (unsigned i = 0; i < maxBytes; ++i) {
      if (pos_ >= end_) {
        fail(endMessage_);
        return 0;
      }
      uint8_t b = *pos_++;
      result |= static_cast<uint64_t>(b & 0x7F) << (7 * i);
      if (i == maxBytes - 1) {
        if (b & 0x80) {
          failAt(offset() - 1, "integer representation too long");
          return 0;
        }
        constexpr unsigned usedBits = bits - 7 * (maxBytes - 1);
        if (usedBits < 7 && (b >> usedBits) != 0) {
          failAt(offset() - 1, "integer too large");
          return 0;
        }
        return result;
      }
      if (!(b & 0x80)) return result;
    }
    return result;
  }

  // Signed LEB128 of at most `bits` bits; unused bits of the last byte must be
  // the sign extension of the value.
  template <unsigned bits>
  int64_t readSigned() {
    static_assert(bits <= 64);
    constexpr unsigned maxBytes = (bits + 6) / 7;
    uint64_t result = 0;
    unsigned shift = 0;
    for (unsigned i = 0; i < maxBytes; ++i) {
      if (pos_ >= end_) {
        fail(endMessage_);
        return 0;
      }
      uint8_t b = *pos_++;
      result |= static_cast<uint64_t>(b & 0x7F) << shift;
      shift += 7;
      if (i == maxBytes - 1) {
        if (b & 0x80) {
          failAt(offset() - 1, "integer representation too long");
          return 0;
        }
        constexpr unsigned usedBits = bits - 7 * (maxBytes - 1);  // value bits in this byte
        if (usedBits < 7) {
          // bits [usedBits-1 .. 6] must all equal the sign bit
          uint8_t upper = static_cast<uint8_t>(b) >> (usedBits - 1);
          uint8_t allOnes = static_cast<uint8_t>(0x7F >> (usedBits - 1));
          if (upper != 0 && upper != allOnes) {
            failAt(offset() - 1, "integer too large");
            return 0;
          }
        }
        if (shift < 64 && (b & 0x40)) result |= ~uint64_t{0} << shift;
        return static_cast<int64_t>(result);
      }
      if (!(b & 0x80)) {
        if (shift < 64 && (b & 0x40)) result |= ~uint64_t{0} << shift;
        return static_cast<int64_t>(result);
      }
    }
    return static_cast<int64_t>(result);
  }

  uint32_t readU32() { return static_cast<uint32_t>(readUnsigned<32>()); }
  uint64_t readU64() { return readUnsigned<64>(); }
  int32_t readS32() { return static_cast<int32_t>(readSigned<32>()); }
  int64_t readS64() { return readSigned<64>(); }
  int64_t readS33() { return readSigned<33>(); }

  // A name: u32 length then UTF-8 bytes, validated ("malformed UTF-8 encoding").
  // A length beyond the bytes left, counted from the length's own first byte
  // as the reference interpreter counts, is "length out of bounds"; a shorter
  // overrun is a plain truncation.
  std::string readName();

 private:
  template <class T>
  T readFixed() {
    if (static_cast<size_t>(end_ - pos_) < sizeof(T)) {
      fail(endMessage_);
      return 0;
    }
    T v;
    std::memcpy(&v, pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  uint64_t base_;
  bool failed_ = false;
  const char* endMessage_ = "unexpected end";
  Error error_;
};

}  // namespace witt
