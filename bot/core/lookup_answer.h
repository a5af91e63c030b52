#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "bot/core/bot_texts.h"
#include "knowledge/matcher.h"

namespace beian {

// The `lookup --json` contract, shared by the CLI and the HTTP API:
//   {"query": str, "answered": bool, "ambiguous": bool,
//    "matches": [{"id": str, "kind": str, "title": str, "score": number}, …]}
// Matches are listed even when not answered (they are suggestions then).
nlohmann::json LookupJson(std::string_view query, const MatchResult& result);

// A readable Chinese answer for a person: the entry's title, where it sits in
// the form, the cause, numbered fix steps, source, certainty and related
// entries. Several recognised errors are answered one after another; an
// ambiguous result asks which one is meant; an unanswered one says so
// politely and offers suggestions. Every sentence is from `say`
// (bot-texts.json "answer.*" and "entry.*"), every label of a part, kind,
// source or certainty from `kb.labels()` (labels.json).
std::string RenderAnswer(const MatchResult& result, const KnowledgeBase& kb, const BotTexts& say);

// The entries an ambiguous answer lists to choose from (up to 3, in order);
// empty when RenderAnswer would not ask.
std::vector<const Entry*> ClarifyOptions(const MatchResult& result);

// For a declined message: up to three entries close enough to offer as
// "您可能想问" (Matcher::kSuggestThreshold); empty when none is.
std::vector<const Entry*> Suggestions(const MatchResult& result);

// For support staff: one line per match with how it was found and scored.
std::string ExplainMatch(const MatchResult& result);

// One entry in full (the body of RenderAnswer for a single entry).
std::string RenderEntry(const Entry& entry, const KnowledgeBase& kb, const BotTexts& say);

// One entry for the web page and GET /v1/entries/{id}: every field of the
// entry plus the Chinese labels (position, kind, source, certainty, from
// `kb.labels()`) and the related entries' titles.
nlohmann::json EntryJson(const Entry& entry, const KnowledgeBase& kb, const BotTexts& say);

// The entry as a small standalone HTML page (GET /kb/{id}), text escaped
// (its headings are bot-texts.json "page.*").
std::string EntryHtml(const Entry& entry, const KnowledgeBase& kb, const BotTexts& say);

// The page for an id that names no entry (GET /kb/{id}'s 404): "page.not-found"
// and a link home ("page.home").
std::string EntryNotFoundHtml(const BotTexts& say);

// "第 2 部分 · 主体负责人信息 · ⑥ 手机号" (bot-texts.json "entry.part" with the
// part's name from `labels`, then the field), or "entry.general" for general
// entries.
std::string FormPosition(const Entry& entry, const Labels& labels, const BotTexts& say);

}  // namespace beian
