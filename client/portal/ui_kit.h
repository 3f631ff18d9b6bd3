// ui_kit.h — the portal's few widgets, each registering its visible label with the test
// hook so browser tests (and people) find things by what they read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "imgui.h"

#include "handoff/result.h"

#include "text_layer.h"

namespace handoff::portal {

void heading(const char* text);             // 24 px semibold page title
void subheading(const char* text);          // 16 px semibold section title
void text(const std::string& s);            // body text, wrapped, findable by tests
void muted(const std::string& s);           // secondary text
void error_text(const std::string& s);      // a problem sentence, in red
void reasons(const std::vector<Reason>& rs);  // the core's reasons, one per line
// Label above a text field (a real page element, text_layer.h) registered under `label`;
// `width` in CSS px, never wider than the column (-1: the whole column). `kind` picks the
// phone keyboard and autofill. Enter returns true. `focus`: take the keyboard (e.g. when
// the form first appears).
bool text_field(const char* label, std::string* value, float width = -1, FieldKind kind = FieldKind::text,
                bool focus = false);
// A <textarea>; Enter is a new line. Returns true when the text changed.
bool multiline_field(const char* label, std::string* value, float height_lines = 3);
// A filled brand-coloured button; disabled draws greyed and returns false.
bool primary_button(const char* label, bool enabled = true, float width = 0);
bool button(const char* label, bool enabled = true);
bool link(const char* label);  // text that navigates
void progress_bar(float fraction, const std::string& caption);
void spinner(bool active);
// A titled section of a page (ids inside are scoped by `id`); end_card() after its content.
void begin_card(const char* id, const char* title);
void end_card();
// An empty state that says what to do next.
void empty_state(const std::string& s);
// One line cut to `max_w` with "…" when longer (hashes, file names); a click or tap shows
// the whole value with a Copy button. Registered for tests under the whole value.
void ellipsized(const std::string& s, float max_w);
std::string money(std::int64_t minor, const std::string& currency);

}  // namespace handoff::portal
