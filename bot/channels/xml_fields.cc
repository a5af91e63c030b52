#include "bot/channels/xml_fields.h"

#include <algorithm>
#include <pugixml.hpp>
#include <random>

namespace beian {

namespace {

// XML is text: no NUL bytes, and (the platforms send UTF-8) valid UTF-8 only.
bool IsUtf8Text(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    const size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || c > 0xF4 || i + n > s.size()) return false;
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
        (c == 0xF4 && c1 > 0x8F)) {
      return false;  // overlong, surrogate, beyond U+10FFFF
    }
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

std::optional<std::map<std::string, std::string>> ParseXmlFields(std::string_view body) {
  if (!IsUtf8Text(body)) return std::nullopt;
  std::string lower(body.substr(0, std::min<size_t>(body.size(), 1 << 20)));
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  if (lower.find("<!doctype") != std::string::npos || lower.find("<!entity") != std::string::npos) {
    return std::nullopt;
  }
  pugi::xml_document doc;
  // Default parsing: no DTD processing, only the five predefined entities.
  if (!doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8))
    return std::nullopt;
  const pugi::xml_node root = doc.child("xml");
  if (!root) return std::nullopt;
  std::map<std::string, std::string> out;
  for (const pugi::xml_node& child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    // All text and CDATA pieces: "]]>" inside a value is written as two CDATA
    // sections (XmlFields does it too), and text() would stop at the first.
    std::string value;
    for (const pugi::xml_node& piece : child.children()) {
      if (piece.type() == pugi::node_pcdata || piece.type() == pugi::node_cdata)
        value += piece.value();
    }
    if (!IsUtf8Text(value))
      return std::nullopt;  // a character reference to no character (&#2599125991;)
    out.emplace(child.name(), std::move(value));
  }
  return out;
}

std::string FieldOr(const std::map<std::string, std::string>& fields, const std::string& key) {
  const auto it = fields.find(key);
  return it == fields.end() ? "" : it->second;
}

std::string XmlFields(const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::vector<std::string>& plain) {
  std::string out = "<xml>";
  for (const auto& [name, value] : fields) {
    out += "<" + name + ">";
    if (std::find(plain.begin(), plain.end(), name) != plain.end()) {
      out += value;
    } else {
      std::string v;
      for (size_t i = 0; i < value.size(); ++i) {
        if (value.compare(i, 3, "]]>") == 0) {
          v += "]]]]><![CDATA[>";
          i += 2;
        } else {
          v.push_back(value[i]);
        }
      }
      out += "<![CDATA[" + v + "]]>";
    }
    out += "</" + name + ">";
  }
  return out + "</xml>";
}

std::string RandomAlnum16() {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick(0, sizeof(kChars) - 2);
  std::string s;
  for (int i = 0; i < 16; ++i) s.push_back(kChars[pick(rng)]);
  return s;
}

}  // namespace beian
