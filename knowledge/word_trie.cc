#include "knowledge/word_trie.h"

namespace beian {

template <typename Slot>
void WordTrie::Insert(std::vector<Slot>& table, size_t& count, const Slot& slot) {
  const auto place = [&table](const Slot& x) {
    const size_t mask = table.size() - 1;
    size_t s = SlotOf(x.key, mask);
    while (table[s].node != 0) s = (s + 1) & mask;
    table[s] = x;
  };
  place(slot);
  if (2 * ++count <= table.size()) return;
  std::vector<Slot> old(table.size() * 2);
  old.swap(table);
  for (const Slot& x : old) {
    if (x.node != 0) place(x);
  }
}

std::uint32_t WordTrie::AddEdge(std::uint32_t parent, char32_t c) {
  const auto node = static_cast<std::uint32_t>(values_.size());
  values_.push_back(kNone);
  if (parent == 0) {
    Insert(roots_, root_count_, RootSlot{c, node});
  } else {
    Insert(edges_, edge_count_, EdgeSlot{EdgeKey(parent, c), node});
  }
  return node;
}

bool WordTrie::Add(std::u32string_view word, std::uint32_t value) {
  if (word.empty()) return false;
  std::uint32_t node = 0;
  for (const char32_t c : word) {
    const std::uint32_t next = node == 0 ? Root(c) : Child(node, c);
    node = next != 0 ? next : AddEdge(node, c);
  }
  if (values_[node] != kNone) return false;
  values_[node] = value;
  return true;
}

}  // namespace beian
