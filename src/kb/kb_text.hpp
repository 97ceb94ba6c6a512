#pragma once
// Text preparation shared by indexing and querying, so that both sides see the same words.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace callwerk::kb {

// Spells umlauts and ß the way a keyboard without them does (ä -> ae, ß -> ss), so that
// "Zähler" and "Zaehler", "Straße" and "Strasse" become one word. Works on bytes: invalid
// UTF-8 passes through unchanged.
std::string fold_german(std::string_view text);

// Common German function words in folded spelling (see fold_german), lower case.
const std::vector<std::string>& german_stopwords();

// Plain text of a Markdown body: headings, list markers, emphasis, code marks and link
// targets removed, lines joined.
std::string markdown_to_plain(std::string_view markdown);

// The first sentence(s) of a Markdown body, without Markdown and without parenthesised
// asides, at most about `max_chars` bytes (cut at a word when even the first sentence is
// longer): something a voice can read aloud.
std::string spoken_summary(std::string_view markdown, std::size_t max_chars = 240);

// At most `max_bytes` of `text`, cut at a space when possible and never inside a UTF-8
// sequence.
std::string_view clip_text(std::string_view text, std::size_t max_bytes);

}  // namespace callwerk::kb
