// Text rules and name folding (text.h).
//
// Index
// [SECTION] UTF-8
// [SECTION] What may be typed
// [SECTION] Case folding
#include "handoff/text.h"

#include <cstdint>

namespace handoff {

//-----------------------------------------------------------------------------
// [SECTION] UTF-8
//-----------------------------------------------------------------------------

namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes the code point at s[i]; sets `length` to the bytes used. Returns kInvalid (with
// length 1) for a malformed, overlong, surrogate or out-of-range sequence.
char32_t decode(std::string_view s, std::size_t i, std::size_t& length) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  length = 1;
  if (c < 0x80) return c;
  std::size_t n = 0;
  char32_t cp = 0;
  if ((c >> 5) == 0x6) { n = 2; cp = c & 0x1f; }
  else if ((c >> 4) == 0xe) { n = 3; cp = c & 0x0f; }
  else if ((c >> 3) == 0x1e) { n = 4; cp = c & 0x07; }
  else return kInvalid;
  if (i + n > s.size()) return kInvalid;
  for (std::size_t k = 1; k < n; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc >> 6) != 0x2) return kInvalid;
    cp = (cp << 6) | (cc & 0x3f);
  }
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return kInvalid;
  length = n;
  return cp;
}

void encode(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// "U+202E": at least four upper-case hex digits.
std::string code_point_name(char32_t cp) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string digits;
  for (; cp != 0 || digits.size() < 4; cp >>= 4) digits.insert(digits.begin(), kHex[cp & 0xf]);
  return "U+" + digits;
}

//-----------------------------------------------------------------------------
// [SECTION] What may be typed
//-----------------------------------------------------------------------------

// Invisible characters that change how the text around them is shown.
// (Zero-width joiner and non-joiner stay allowed: Persian, Indic scripts and emoji need them.)
bool is_format_trap(char32_t cp) {
  return (cp >= 0x202a && cp <= 0x202e) ||    // LRE RLE PDF LRO RLO
         (cp >= 0x2066 && cp <= 0x2069) ||    // LRI RLI FSI PDI
         cp == 0x200e || cp == 0x200f ||      // LRM RLM
         cp == 0x061c ||                      // ALM
         cp == 0xfeff ||                      // BOM / ZWNBSP
         cp == 0x200b || cp == 0x00ad ||      // zero-width space, soft hyphen: invisible
         (cp >= 0x2060 && cp <= 0x2064) ||    // word joiner, invisible operators
         (cp >= 0xe0000 && cp <= 0xe007f);    // tag characters
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f); }

// Why code point `cp` may not appear in text of `kind` (nullptr: it may).
const char* refusal(char32_t cp, TextKind kind) {
  if (cp == kInvalid) return "invalid UTF-8";
  if (kind == TextKind::paragraph && (cp == '\t' || cp == '\n' || cp == '\r')) return nullptr;
  if (is_control(cp)) return "a control character";
  if (is_format_trap(cp)) return "an invisible text-direction character";
  if (kind == TextKind::line && (cp == 0x2028 || cp == 0x2029)) return "a line break";
  return nullptr;
}

bool is_space(char32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

}  // namespace

std::optional<Reason> text_problem(std::string_view text, TextKind kind, std::string_view field) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = 0;
    const char32_t cp = decode(text, i, n);
    if (const char* what = refusal(cp, kind)) {
      const std::string which = cp == kInvalid ? std::string(what) : std::string(what) + " (" + code_point_name(cp) + ")";
      const std::string code = cp == kInvalid ? "bad_utf8" : is_format_trap(cp) ? "hidden_characters" : "control_characters";
      return Reason{code, "Field '" + std::string(field) + "' contains " + which +
                              "; remove it and send the text again."};
    }
    i += n;
  }
  return std::nullopt;
}

bool looks_blank(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = 0;
    const char32_t cp = decode(text, i, n);
    i += n;
    const bool invisible = is_space(cp) || is_format_trap(cp) || is_control(cp) || cp == 0x200c || cp == 0x200d ||
                           cp == 0x034f || cp == 0x180e || (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0x115f ||
                           cp == 0x1160 || cp == 0x3164 || cp == 0xffa0 || cp == 0x2800;
    if (!invisible) return false;
  }
  return true;
}

std::string strip_unsafe_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = 0;
    const char32_t cp = decode(text, i, n);
    if (cp == kInvalid) {
      encode(out, 0xfffd);
    } else if (!refusal(cp, TextKind::line)) {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Case folding
//-----------------------------------------------------------------------------

namespace {

// Pairs laid out as upper at even (or odd) code points followed by their lower case.
bool in_pair_run(char32_t cp, char32_t first, char32_t last, bool upper_even) {
  return cp >= first && cp <= last && ((cp % 2 == 0) == upper_even);
}

// Simple case folding of one code point (U+00DF/U+1E9E are handled by the caller).
char32_t fold_one(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  // Latin-1 Supplement, Latin Extended-A and -B.
  if ((c >= 0xc0 && c <= 0xde && c != 0xd7)) return c + 32;
  if (c == 0xb5) return 0x3bc;                      // micro sign -> mu
  if (c == 0x130) return 'i';                       // İ (simple folding keeps the dot: compare leniently)
  if (c == 0x178) return 0xff;                      // Ÿ
  if (c == 0x17f) return 's';                       // long s
  if (in_pair_run(c, 0x100, 0x12f, true) || in_pair_run(c, 0x132, 0x137, true) ||
      in_pair_run(c, 0x14a, 0x177, true)) return c + 1;
  if (in_pair_run(c, 0x139, 0x148, false) || in_pair_run(c, 0x179, 0x17e, false)) return c + 1;
  if (in_pair_run(c, 0x1cd, 0x1dc, false) || in_pair_run(c, 0x1de, 0x1ef, true) ||
      in_pair_run(c, 0x1f8, 0x21f, true) || in_pair_run(c, 0x222, 0x233, true) ||
      in_pair_run(c, 0x246, 0x24f, true)) return c + 1;
  if (c == 0x1c4 || c == 0x1c5) return 0x1c6;       // Ǆ ǅ -> ǆ
  if (c == 0x1c7 || c == 0x1c8) return 0x1c9;
  if (c == 0x1ca || c == 0x1cb) return 0x1cc;
  if (c == 0x1f1 || c == 0x1f2) return 0x1f3;
  // Greek.
  if (c >= 0x391 && c <= 0x3ab && c != 0x3a2) return c + 32;
  if (c == 0x386) return 0x3ac;
  if (c >= 0x388 && c <= 0x38a) return c + 37;
  if (c == 0x38c) return 0x3cc;
  if (c == 0x38e || c == 0x38f) return c + 63;
  if (c == 0x3c2) return 0x3c3;                     // final sigma
  if (in_pair_run(c, 0x3d8, 0x3ef, true)) return c + 1;
  // Cyrillic.
  if (c >= 0x400 && c <= 0x40f) return c + 80;
  if (c >= 0x410 && c <= 0x42f) return c + 32;
  if (in_pair_run(c, 0x460, 0x481, true) || in_pair_run(c, 0x48a, 0x4bf, true) ||
      in_pair_run(c, 0x4d0, 0x52f, true)) return c + 1;
  if (c == 0x4c0) return 0x4cf;
  if (in_pair_run(c, 0x4c1, 0x4ce, false)) return c + 1;
  // Armenian.
  if (c >= 0x531 && c <= 0x556) return c + 48;
  // Latin Extended Additional (Vietnamese, Welsh, ...).
  if (in_pair_run(c, 0x1e00, 0x1e95, true) || in_pair_run(c, 0x1ea0, 0x1eff, true)) return c + 1;
  // Greek Extended is left as is; full-width Latin.
  if (c >= 0xff21 && c <= 0xff3a) return c + 32;
  return c;
}

}  // namespace

std::string fold_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < name.size();) {
    std::size_t n = 0;
    char32_t cp = decode(name, i, n);
    i += n;
    if (cp == kInvalid) cp = 0xfffd;
    if (is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (is_format_trap(cp) || is_control(cp) || cp == 0x200b || cp == 0x200c || cp == 0x200d) continue;
    if (pending_space) out.push_back(' ');
    pending_space = false;
    if (cp == 0xdf || cp == 0x1e9e) {
      out += "ss";
      continue;
    }
    encode(out, fold_one(cp));
  }
  return out;
}

}  // namespace handoff
