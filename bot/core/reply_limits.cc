#include "bot/core/reply_limits.h"

namespace beian {
namespace {

// Largest n ≤ limit such that text[0..n) ends on a character boundary.
size_t Boundary(std::string_view text, size_t limit) {
  if (limit >= text.size()) return text.size();
  size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return n;
}

}  // namespace

std::vector<std::string> SplitUtf8(std::string_view text, size_t max_bytes) {
  std::vector<std::string> out;
  if (max_bytes < 4) max_bytes = 4;
  while (!text.empty()) {
    size_t n = Boundary(text, max_bytes);
    if (n < text.size()) {
      const size_t line = text.rfind('\n', n);
      if (line != std::string_view::npos && line > n / 2) n = line + 1;
    }
    out.emplace_back(text.substr(0, n));
    text.remove_prefix(n);
  }
  return out;
}

std::string OneMessage(const std::vector<std::string>& texts, size_t max_bytes,
                       std::string_view cut_note) {
  std::string all;
  for (const auto& t : texts) {
    if (!all.empty()) all += "\n\n";
    all += t;
  }
  if (all.size() <= max_bytes) return all;
  std::string more = std::string("\n").append(cut_note);
  if (cut_note.empty() || more.size() > max_bytes / 2) more.clear();  // the answer comes first
  auto pieces = SplitUtf8(all, max_bytes - more.size());
  return pieces.front() + more;
}

}  // namespace beian
