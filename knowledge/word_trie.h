#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "knowledge/slot_hash.h"

namespace beian {

// Words over code points, each with a value, in a trie kept in a few flat
// arrays: the words that start at a position of a text are found by
// following one edge per character, whatever the number of words. The
// first characters have a small table of their own, so a position where no
// word starts — most of them — costs one probe into it.
// Thread-safety: immutable after the Add calls; Each may run concurrently.
class WordTrie {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  // Adds a non-empty word; a word already present keeps its first value.
  // Returns whether the word was new.
  bool Add(std::u32string_view word, std::uint32_t value);

  // Calls found(length, value) for each word that starts at text[from]
  // (from < text.size()), shortest first, until it returns true. Returns
  // whether one did.
  template <typename Found>
  bool Each(std::u32string_view text, size_t from, Found&& found) const {
    std::uint32_t node = Root(text[from]);
    for (size_t i = from + 1; node != 0; ++i) {
      if (values_[node] != kNone && found(i - from, values_[node])) return true;
      if (i == text.size()) break;
      node = Child(node, text[i]);
    }
    return false;
  }

  // The value of `word`, or kNone when the trie does not hold it.
  std::uint32_t Find(std::u32string_view word) const {
    std::uint32_t node = 0;
    for (const char32_t c : word) {
      node = node == 0 ? Root(c) : Child(node, c);
      if (node == 0) return kNone;
    }
    return word.empty() ? kNone : values_[node];
  }

  bool empty() const { return values_.size() <= 1; }

 private:
  struct RootSlot {
    char32_t key = 0;        // the character
    std::uint32_t node = 0;  // 0: empty slot (node 0 is the trie's root)
  };
  struct EdgeSlot {
    std::uint64_t key = 0;  // parent node << 32 | character
    std::uint32_t node = 0;
  };

  static std::uint64_t EdgeKey(std::uint32_t parent, char32_t c) {
    return (std::uint64_t{parent} << 32) | c;
  }
  std::uint32_t Root(char32_t c) const {
    const size_t mask = roots_.size() - 1;
    for (size_t s = SlotOf(c, mask);; s = (s + 1) & mask) {
      if (roots_[s].node == 0 || roots_[s].key == c) return roots_[s].node;
    }
  }
  std::uint32_t Child(std::uint32_t parent, char32_t c) const {
    const size_t mask = edges_.size() - 1;
    const std::uint64_t key = EdgeKey(parent, c);
    for (size_t s = SlotOf(key, mask);; s = (s + 1) & mask) {
      if (edges_[s].node == 0 || edges_[s].key == key) return edges_[s].node;
    }
  }
  std::uint32_t AddEdge(std::uint32_t parent, char32_t c);
  // Puts `slot` in `table` (open addressing), doubling it past half full.
  template <typename Slot>
  static void Insert(std::vector<Slot>& table, size_t& count, const Slot& slot);

  std::vector<std::uint32_t> values_ = {kNone};  // by node; node 0 is the root
  // Open addressing, linear probing, at most half full.
  std::vector<RootSlot> roots_ = std::vector<RootSlot>(8);
  std::vector<EdgeSlot> edges_ = std::vector<EdgeSlot>(16);
  size_t root_count_ = 0;
  size_t edge_count_ = 0;
};

}  // namespace beian
