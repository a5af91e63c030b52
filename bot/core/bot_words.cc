#include "bot/core/bot_words.h"

#include <iterator>
#include <string_view>
#include <utility>

#include "dialogs/id_table.h"

namespace beian {
namespace {

// Each list and its id in bot-words.json.
using List = std::vector<std::string> BotWords::*;
const std::pair<List, std::string_view> kWordIds[] = {
    {&BotWords::greetings, "greeting"},          {&BotWords::thanks, "thanks"},
    {&BotWords::pick_before, "pick.before"},     {&BotWords::pick_after, "pick.after"},
    {&BotWords::pick_numerals, "pick.numerals"}, {&BotWords::courtesy, "handoff.courtesy"},
    {&BotWords::human, "handoff.ask"},           {&BotWords::end_human, "handoff.end"},
    {&BotWords::unhelpful, "unhelpful"},
};

}  // namespace

BotWords BotWords::Load(const std::filesystem::path& file) {
  std::vector<std::vector<std::string>> lists = LoadListTable(file, IdsOf(kWordIds), "word list");
  BotWords words;
  for (size_t i = 0; i < std::size(kWordIds); ++i) words.*kWordIds[i].first = std::move(lists[i]);
  return words;
}

}  // namespace beian
