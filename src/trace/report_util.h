// Formatting shared by the profile reports (text, JSON, folded, SVG).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace witt::trace {

// A JSON string literal (RFC 8259 escapes; other bytes pass through, so UTF-8
// names stay readable).
inline std::string jsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// Text for XML character data and attribute values.
inline std::string xmlText(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters even as references.
        out += c < 0x20 && c != '\t' && c != '\n' ? '?' : static_cast<char>(c);
    }
  }
  return out;
}

// A duration for text reports, always 8 characters wide ("  12.34ms",
// "   812ns"), with the unit that keeps 1 to 3 integer digits. Golden tests
// mask these by their shape.
inline std::string formatNs(uint64_t ns) {
  char buf[32];
  double v = static_cast<double>(ns);
  if (ns < 1000)
    std::snprintf(buf, sizeof buf, "%6.0fns", v);
  else if (ns < 1000000)
    std::snprintf(buf, sizeof buf, "%6.2fus", v / 1e3);
  else if (ns < 1000000000)
    std::snprintf(buf, sizeof buf, "%6.2fms", v / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%6.2fs ", v / 1e9);
  return buf;
}

// Without the padding.
inline std::string trimmed(const std::string& s) {
  size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// "12.3%" of a total (0 when the total is 0), 6 characters wide.
inline std::string percent(uint64_t part, uint64_t total) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%5.1f%%",
                total ? 100.0 * static_cast<double>(part) / static_cast<double>(total) : 0.0);
  return buf;
}

// A name for folded stacks: ';' separates frames and a line ends the record.
inline std::string foldedName(std::string s) {
  for (char& c : s)
    if (c == ';')
      c = ':';
    else if (c == '\n' || c == '\r')
      c = ' ';
  return s;
}

}  // namespace witt::trace
