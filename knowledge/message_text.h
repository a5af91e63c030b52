#pragma once

// Text helpers the matcher reads a message with: where its sentences and
// clauses are, which of them ask, which tokens are identifiers rather than
// words. Pure functions on normalized (UTF-32) or raw (UTF-8) text.

#include <string>
#include <string_view>
#include <vector>

namespace beian {

// Does the text ask? A question mark or a question word (吗, 怎么, 哪, 要不要,
// 还是 …). The matcher weighs a message's asking sentences over its
// background; the bot takes a message that asks, mid-walkthrough, as a
// question rather than as the value being filled in.
bool HasQuestionCue(std::string_view text);

// `text` without its question marks (？ and ?).
std::string WithoutQuestionMarks(std::string_view text);

// The text cut after each sentence end (。？！；… ?!; or a newline); the
// pieces, joined, are the text.
std::vector<std::string_view> Sentences(std::string_view text);

// The part of an asking sentence that asks: with three clauses or more
// (split at ， , 、), its last clause with a question cue and the clause
// before it; else all of it.
std::string_view AskingPart(std::string_view sentence);

// Does the text ask an open question (怎么, 什么, 哪, 啥 …), not a yes-or-no
// one? "通讯地址写哪个" asks which value a field takes; "可以填主体负责人的手机号
// 吗" offers a value for the field named before it.
bool HasOpenQuestionCue(std::string_view text);

// The last clause of `text` (split at sentence ends, commas and spaces) with
// a question cue, when the text has more than one clause; else empty.
// "住所是孵化器，通讯地址写哪个" asks in "通讯地址写哪个".
std::string_view LastAskingClause(std::string_view text);

// True when a sentence opens a second, separate question: 顺便, 另外, 还有 …
bool OpensAside(std::string_view sentence);

// Normalized text without identifiers: an AppID (wx + 16 hex), a phone or ID
// number, an order number — ASCII tokens that identify rather than say.
std::u32string StripIdentifiers(std::u32string_view text);

// A lexicon word as the matcher sees it in a message: separators dropped,
// except one between two ASCII words, which messages keep too ("face
// verify", "mail address").
std::u32string WordForm(std::u32string normalized);

// Appends `piece` to `to`, with a separator between them when both are
// non-empty.
void AppendPiece(std::u32string& to, std::u32string_view piece);

// True when `word` occurs in `text` with `then` starting at most `within`
// characters after it, and none of the characters of `unless` between them.
// An ASCII edge of `word` must be a word's edge: "app" does not occur in
// "appid".
bool Followed(std::u32string_view text, std::u32string_view word, std::u32string_view then,
              size_t within, std::u32string_view unless = {});

}  // namespace beian
