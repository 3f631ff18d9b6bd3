// text.h — what people may type into Handoff, and how typed names are compared.
//
// Every string that reaches a person again (a client's name, a task title, a file name, a
// comment) passes text_problem() on the way in. Refused: invalid UTF-8, control characters
// (C0 but tab/LF/CR in paragraphs, DEL, C1), and the invisible Unicode format characters
// that reorder or hide text: bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069), directional marks (U+200E, U+200F, U+061C), line and
// paragraph separators (U+2028, U+2029) in one-line names, the BOM / zero-width no-break
// space (U+FEFF), and other invisible characters: zero-width space (U+200B), soft hyphen
// (U+00AD), word joiner and invisible operators (U+2060–U+2064), tags (U+E0000–U+E007F). "invoice\u202Egpj.exe" would otherwise show as "invoiceexe.jpg".
//
// fold_name() is the form two names are compared in: Unicode simple case folding for
// Latin (incl. Extended-A/B and Additional), Greek, Cyrillic, Armenian and full-width
// letters, ß/ẞ folded to "ss", final sigma to sigma, every run of white space (incl.
// no-break and ideographic spaces) collapsed to one ASCII space, ends trimmed.
// Not done: Unicode normalisation (NFC vs NFD) — a decomposed "e\u0308" stays distinct
// from a precomposed "ë".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "handoff/result.h"

namespace handoff {

enum class TextKind {
  line,       // a name or title: one line, no tabs
  paragraph,  // a comment or note: tab, LF and CR allowed
};

// Why `text` may not be stored in field `field` (a Reason whose sentence names the field
// and the first offending character as U+XXXX), or nullopt when it may. Empty text is
// fine here: whether a field may be blank is the caller's rule.
std::optional<Reason> text_problem(std::string_view text, TextKind kind, std::string_view field);

// True when `text` shows nothing: empty, or only white space (any Unicode space), invisible
// characters (the ones text_problem refuses, zero-width joiners, variation selectors) and
// blank-looking letters (Hangul fillers U+115F/U+1160/U+3164/U+FFA0, Braille blank U+2800).
bool looks_blank(std::string_view text);

// `text` without anything text_problem(kind=line) refuses; invalid UTF-8 bytes become
// U+FFFD. For names that must be kept rather than refused (uploaded file names).
std::string strip_unsafe_text(std::string_view text);

// The comparison form of a person's name (see the header comment). fold_name(a) ==
// fold_name(b) means "the same name typed differently" ("  zoë  łukasz" == "Zoë Łukasz").
std::string fold_name(std::string_view name);

}  // namespace handoff
