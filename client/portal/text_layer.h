// text_layer.h — the portal's text fields are real page elements (assets/input.js).
//
// A canvas gets no phone keyboard, no input-method composition, no autofill and no password
// manager. So every field the portal draws is also an <input> or <textarea> in the page,
// placed over the field's pixels each frame (egui's "text agent", Flutter web's text
// editing, one element per field so autofill sees a whole login form). The browser edits;
// the portal reads the value back at the start of each drawn frame and draws the frame,
// the focus ring and — while the field is not focused — its text.
//
// Frame order: text_layer_begin_frame() before ImGui::NewFrame(); fields while drawing;
// text_layer_publish() after rendering (the same task as the paint, so fields never lag).
#pragma once

#include <string>

#include "imgui.h"

namespace handoff::portal {

// What a field holds: picks the phone keyboard, autofill and capitalisation.
enum class FieldKind {
  text,              // a sentence; spell-checked
  name,              // a person's or company's name (autocomplete "name", words capitalised)
  email,             // an email address (email keyboard, autocomplete "email")
  username,          // the login's email (autocomplete "username": password managers pair it)
  current_password,  // autocomplete "current-password"
  new_password,      // autocomplete "new-password"
  number,            // amounts, minutes, percentages (decimal keypad)
  date,              // a typed date ("2027-03-01", "1 Mar 2027")
  url,               // a link
  multiline,         // a <textarea>; Enter is a new line
};

struct FieldEvents {
  bool changed = false;    // *value took what the person typed this frame
  bool submitted = false;  // Enter was pressed in it (single-line kinds only)
};

// Takes what was typed since the last drawn frame. Once per drawn frame, before drawing.
void text_layer_begin_frame();

// Draws a field at the cursor, `size` in pixels (x <= 0: the item width; y <= 0: one frame
// high), and publishes it under `label` (its accessible name and test label). `id` scopes
// it in the ImGui id stack. `*value` receives what the person typed; `take_focus` moves the
// keyboard to it. Inside BeginDisabled() the element is disabled too.
FieldEvents text_layer_field(const char* id, const char* label, std::string* value, FieldKind kind,
                             const ImVec2& size, bool take_focus);

// Publishes this frame's fields to the page and forgets them. After rendering.
void text_layer_publish(float dpr);

// The label of the field being typed in ("" when none).
const std::string& text_layer_focused_label();

}  // namespace handoff::portal
