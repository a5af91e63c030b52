#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace beian {

// The first-level elements of a WeChat-style <xml>…</xml> document, by name
// (their text and CDATA sections, joined). Nullopt for malformed XML, a different root, NUL
// bytes or invalid UTF-8, or any DOCTYPE / ENTITY declaration (never
// expanded: refused outright).
std::optional<std::map<std::string, std::string>> ParseXmlFields(std::string_view body);

// The value of `key` in parsed fields (or a query), or "" when absent.
std::string FieldOr(const std::map<std::string, std::string>& fields, const std::string& key);

// <xml><Name><![CDATA[value]]></Name>…</xml>; values may hold "]]>" safely.
// Numeric fields are written without CDATA when `plain` lists their names.
std::string XmlFields(const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::vector<std::string>& plain = {});

// 16 random letters and digits, for the encryption's random prefix.
std::string RandomAlnum16();

}  // namespace beian
