// The Matcher over the shipped knowledge base, on arbitrary messages (the
// server accepts up to 4096 bytes per lookup and 4000 per chat message).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bot/core/kb_loader.h"
#include "fuzz/fuzz_check.h"
#include "knowledge/matcher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const beian::Matcher matcher(beian::LoadKb(BEIAN_FUZZ_KB_DIR));
  if (size > 4096) return -1;  // the server refuses longer messages
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (size_t top : {size_t{1}, size_t{5}}) {
    const beian::MatchResult r = matcher.Match(text, top);
    FUZZ_CHECK(r.matches.size() <= top);
    FUZZ_CHECK(!r.answered || !r.matches.empty());
    FUZZ_CHECK(!r.ambiguous || r.answered);
    for (const auto& m : r.matches) {
      FUZZ_CHECK(m.entry != nullptr);
      FUZZ_CHECK(m.score >= 0 && m.score <= 2.0 + 1e-9);
      FUZZ_CHECK(matcher.kb().Find(m.entry->id) == m.entry);
    }
  }
  (void)matcher.SearchForm(text);
  return 0;
}
