#include "knowledge/word_trie.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

namespace beian {
namespace {

// Every (length, value) found at `from`, in the order Each reports them.
std::vector<std::pair<size_t, std::uint32_t>> At(const WordTrie& t, std::u32string_view text,
                                                 size_t from) {
  std::vector<std::pair<size_t, std::uint32_t>> out;
  t.Each(text, from, [&](size_t n, std::uint32_t v) {
    out.emplace_back(n, v);
    return false;
  });
  return out;
}

TEST_CASE("a trie reports every word that starts at a position, shortest first") {
  WordTrie t;
  CHECK(t.empty());
  CHECK(t.Add(U"手机", 1));
  CHECK(t.Add(U"手机号码", 2));
  CHECK(t.Add(U"手机号", 3));
  CHECK(t.Add(U"号码", 4));
  CHECK(!t.empty());
  using Found = std::vector<std::pair<size_t, std::uint32_t>>;
  CHECK(At(t, U"填手机号码吗", 1) == Found{{2, 1}, {3, 3}, {4, 2}});
  CHECK(At(t, U"填手机号码吗", 3) == Found{{2, 4}});
  CHECK(At(t, U"填手机号码吗", 0).empty());
  CHECK(At(t, U"手机", 0) == Found{{2, 1}});  // the text ends inside 手机号
  CHECK(At(t, U"手", 0).empty());             // a prefix of a word is no word
}

TEST_CASE("a word added twice keeps its first value; an empty word is refused") {
  WordTrie t;
  CHECK(t.Add(U"法人", 7));
  CHECK(!t.Add(U"法人", 8));
  CHECK(!t.Add(U"", 9));
  CHECK(At(t, U"法人", 0) == std::vector<std::pair<size_t, std::uint32_t>>{{2, 7}});
  CHECK(t.Find(U"法人") == 7);
  CHECK(t.Find(U"法") == WordTrie::kNone);  // a prefix of a word is no word
  CHECK(t.Find(U"法人代表") == WordTrie::kNone);
  CHECK(t.Find(U"") == WordTrie::kNone);
}

TEST_CASE("Each stops at the first word its callback accepts") {
  WordTrie t;
  t.Add(U"ab", 1);
  t.Add(U"abc", 2);
  size_t calls = 0;
  CHECK(t.Each(U"abcd", 0, [&](size_t, std::uint32_t) { return ++calls == 1; }));
  CHECK(calls == 1);
  CHECK(!t.Each(U"xbcd", 0, [](size_t, std::uint32_t) { return true; }));
}

TEST_CASE("thousands of words, any code point, survive the tables' growth") {
  WordTrie t;
  std::vector<std::u32string> words;
  for (char32_t c = 0; c < 3000; ++c) {
    // CJK, ASCII, beyond the BMP, and the same character at different depths.
    std::u32string w = {U'\u4E00' + c, U'a' + c % 26, U'\U00020000' + c % 7};
    if (c % 3 == 0) w.resize(1);
    words.push_back(w);
    CHECK(t.Add(w, static_cast<std::uint32_t>(c)));
  }
  for (size_t i = 0; i < words.size(); ++i) {
    const auto found = At(t, words[i], 0);
    REQUIRE(!found.empty());
    CHECK(found.back() == std::pair<size_t, std::uint32_t>{words[i].size(), i});
  }
  CHECK(At(t, U"\U00020000", 0).empty());
}

}  // namespace
}  // namespace beian
