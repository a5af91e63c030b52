#include "knowledge/word_trie.h"

namespace beian {

std::uint32_t WordTrie::AddEdge(std::uint32_t parent, char32_t c) {
  const auto node = static_cast<std::uint32_t>(values_.size());
  values_.push_back(kNone);
  if (parent == 0) {
    const size_t mask = roots_.size() - 1;
    size_t s = Hash(c, mask);
    while (roots_[s].node != 0) s = (s + 1) & mask;
    roots_[s] = {c, node};
    ++root_count_;
  } else {
    const size_t mask = edges_.size() - 1;
    const std::uint64_t key = EdgeKey(parent, c);
    size_t s = Hash(key, mask);
    while (edges_[s].node != 0) s = (s + 1) & mask;
    edges_[s] = {key, node};
    ++edge_count_;
  }
  Grow();
  return node;
}

void WordTrie::Grow() {
  if (2 * root_count_ > roots_.size()) {
    std::vector<RootSlot> old(roots_.size() * 2);
    old.swap(roots_);
    const size_t mask = roots_.size() - 1;
    for (const RootSlot& r : old) {
      if (r.node == 0) continue;
      size_t s = Hash(r.c, mask);
      while (roots_[s].node != 0) s = (s + 1) & mask;
      roots_[s] = r;
    }
  }
  if (2 * edge_count_ > edges_.size()) {
    std::vector<EdgeSlot> old(edges_.size() * 2);
    old.swap(edges_);
    const size_t mask = edges_.size() - 1;
    for (const EdgeSlot& e : old) {
      if (e.node == 0) continue;
      size_t s = Hash(e.key, mask);
      while (edges_[s].node != 0) s = (s + 1) & mask;
      edges_[s] = e;
    }
  }
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
