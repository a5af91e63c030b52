#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace beian {

// The words users type to steer the walkthrough and to answer it
// (dialogs/data/words.json). The whole message, made Bare, must equal one of
// them unless a comment says otherwise. Immutable once loaded.
struct WalkWords {
  // Commands, tried in this order.
  struct Commands {
    std::vector<std::string> start, next, back, progress, help, pause, resume, restart, keep;
  } commands;

  // "我要备案", "帮我给小程序备案吧": a request to file, peeled from the outside in
  // (a greeting, then who asks, a closing particle, a softener, the object,
  // the verb) until one of `requests` is left.
  struct AsksToFile {
    std::vector<std::string> greetings, askers, particles, softeners, objects, verbs, requests;
  } asks_to_file;

  // Jumps: a prefix ("跳到"), then 第N部分 or a field in everyday words.
  struct Jump {
    std::vector<std::string> prefixes;
    std::string part_before;                         // "第"
    std::string part_after;                          // "部分"
    std::vector<std::string> part_numerals;          // "一" … "五": part 1 … 5
    std::string of;                                  // "的", dropped before a field name
    std::string person_label;                        // "负责人", the labels' person word
    std::vector<std::pair<std::string, int>> parts;  // words naming a part → its number
    std::vector<std::string> part_names;  // part n's name in a jump ("小程序负责人"), n = 1…
    std::map<std::string, std::vector<std::string>> persons;  // person → words naming them
    std::map<std::string, std::string> fields;  // everyday field name → the form's label
  } jump;

  std::vector<std::string> confirm;            // "好了": a confirm step is done
  std::vector<std::string> empty;              // "暂无": no value for a required field
  std::vector<std::string> none;               // "无": nothing for an optional text
  std::vector<std::string> same_as_principal;  // "同上": part 4 copies part 2's answer

  // Reads `file`. Throws FormSpecError naming the file and the key that is
  // missing or of the wrong type.
  static WalkWords Load(const std::filesystem::path& file);
};

// The message with surrounding spaces and sentence punctuation removed and
// ASCII lower-cased, for comparing against the words above.
std::string Bare(std::string_view text);

// True when `s` equals one of `words`.
bool OneOf(std::string_view s, const std::vector<std::string>& words);

}  // namespace beian
