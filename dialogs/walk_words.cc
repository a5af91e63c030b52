#include "dialogs/walk_words.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dialogs/form_spec.h"
#include "knowledge/normalizer.h"

namespace beian {
namespace {

using nlohmann::json;

// Reads the members of words.json, naming the file and the key on a problem.
class Reader {
 public:
  Reader(const std::filesystem::path& file, const json& root) : file_(file.string()), root_(root) {}

  const json& At(const json& j, const std::string& key, const std::string& where) const {
    const auto it = j.find(key);
    if (it == j.end()) Fail(where + key, "is missing");
    return *it;
  }
  const json& Object(const json& j, const std::string& key, const std::string& where) const {
    const json& v = At(j, key, where);
    if (!v.is_object()) Fail(where + key, "must be an object");
    return v;
  }
  std::string Str(const json& j, const std::string& key, const std::string& where) const {
    const json& v = At(j, key, where);
    if (!v.is_string()) Fail(where + key, "must be a string");
    return v.get<std::string>();
  }
  std::vector<std::string> List(const json& j, const std::string& key,
                                const std::string& where) const {
    const json& v = At(j, key, where);
    if (!v.is_array() || v.empty()) Fail(where + key, "must be a non-empty list of strings");
    std::vector<std::string> out;
    for (const json& w : v) {
      if (!w.is_string()) Fail(where + key, "must be a non-empty list of strings");
      out.push_back(w.get<std::string>());
    }
    return out;
  }
  [[noreturn]] void Fail(const std::string& key, const std::string& problem) const {
    throw FormSpecError(file_ + ": '" + key + "' " + problem);
  }
  const json& root() const { return root_; }

 private:
  std::string file_;
  const json& root_;
};

WalkWords::Jump ReadJump(const Reader& r) {
  const json& j = r.Object(r.root(), "jump", "");
  const std::string at = "jump.";
  WalkWords::Jump jump;
  jump.prefixes = r.List(j, "prefixes", at);
  jump.part_before = r.Str(j, "part_before", at);
  jump.part_after = r.Str(j, "part_after", at);
  jump.part_numerals = r.List(j, "part_numerals", at);
  jump.of = r.Str(j, "of", at);
  jump.person_label = r.Str(j, "person_label", at);
  for (const json& p : r.At(j, "parts", at)) {
    if (!p.is_array() || p.size() != 2 || !p[0].is_string() || !p[1].is_number_integer())
      r.Fail(at + "parts", "must list [words, part number] pairs");
    jump.parts.emplace_back(p[0].get<std::string>(), p[1].get<int>());
  }
  jump.part_names = r.List(j, "part_names", at);
  for (const auto& [person, words] : r.Object(j, "persons", at).items())
    jump.persons[person] = r.List(j["persons"], person, at + "persons.");
  for (const auto& [words, label] : r.Object(j, "fields", at).items()) {
    if (!label.is_string()) r.Fail(at + "fields." + words, "must be a string");
    jump.fields[words] = label.get<std::string>();
  }
  return jump;
}

}  // namespace

WalkWords WalkWords::Load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw FormSpecError("cannot read " + file.string());
  std::stringstream buf;
  buf << in.rdbuf();
  const json root = json::parse(buf.str(), nullptr, false);
  if (root.is_discarded() || !root.is_object())
    throw FormSpecError(file.string() + ": not valid JSON");
  const Reader r(file, root);
  WalkWords w;
  const json& c = r.Object(root, "commands", "");
  const std::string cmd = "commands.";
  w.commands = {r.List(c, "start", cmd),    r.List(c, "next", cmd),    r.List(c, "back", cmd),
                r.List(c, "progress", cmd), r.List(c, "help", cmd),    r.List(c, "pause", cmd),
                r.List(c, "resume", cmd),   r.List(c, "restart", cmd), r.List(c, "keep", cmd)};
  const json& a = r.Object(root, "asks_to_file", "");
  const std::string ask = "asks_to_file.";
  w.asks_to_file = {r.List(a, "greetings", ask), r.List(a, "askers", ask),
                    r.List(a, "particles", ask), r.List(a, "softeners", ask),
                    r.List(a, "objects", ask),   r.List(a, "verbs", ask),
                    r.List(a, "requests", ask)};
  w.jump = ReadJump(r);
  const json& answers = r.Object(root, "answers", "");
  w.confirm = r.List(answers, "confirm", "answers.");
  w.empty = r.List(answers, "empty", "answers.");
  w.none = r.List(answers, "none", "answers.");
  w.same_as_principal = r.List(answers, "same_as_principal", "answers.");
  return w;
}

std::string Bare(std::string_view text) {
  std::u32string u = DecodeUtf8(text);
  auto strip = [](char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == U'。' || c == U'.' ||
           c == U'!' || c == U'！' || c == U'~' || c == U'～' || c == U'，' || c == U',' ||
           c == U'、' || c == 0x3000;
  };
  while (!u.empty() && strip(u.front())) u.erase(u.begin());
  while (!u.empty() && strip(u.back())) u.pop_back();
  std::string s = EncodeUtf8(u);
  std::transform(s.begin(), s.end(), s.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return s;
}

bool OneOf(std::string_view s, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return s == w; });
}

}  // namespace beian
