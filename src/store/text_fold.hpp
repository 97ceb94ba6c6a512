#pragma once
// Case folding for ?q= search. SQLite's LIKE folds ASCII only, so "müller" would not find
// "Müller"; cw_fold() (registered on every connection) lower-cases both sides the same way.

#include <string>
#include <string_view>

struct sqlite3;

namespace callwerk::store {

// Lower-cases UTF-8 text: ASCII, Latin-1 Supplement, Latin Extended-A, Greek and Cyrillic
// capitals. Everything else (including bytes that are not valid UTF-8) is copied unchanged, so
// the result is a deterministic function of the input. No other folding: "ß" stays "ß".
std::string fold_case(std::string_view text);

// Registers cw_fold(text) -> fold_case(text) (NULL stays NULL) as a deterministic, innocuous
// SQL function on `db`. Returns an SQLite result code.
int register_fold_function(sqlite3* db);

}  // namespace callwerk::store
