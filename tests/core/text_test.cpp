// What may be typed (no control or invisible direction characters), duplicate JSON keys,
// typed-name folding across scripts, one-range downloads, and references to the team.
#include <gtest/gtest.h>

#include "handoff/credentials.h"
#include "handoff/file_names.h"
#include "handoff/json_read.h"
#include "handoff/rules.h"
#include "handoff/text.h"

#include "fixture.h"

using namespace handoff;
using namespace handoff::testing;

TEST(TextProblem, ControlAndDirectionCharactersAreRefusedWithTheirCodePoint) {
  EXPECT_FALSE(text_problem("Zoë Łukasz — 李", TextKind::line, "name"));
  EXPECT_FALSE(text_problem("", TextKind::line, "name"));
  EXPECT_FALSE(text_problem("two\nlines\tand\r\n", TextKind::paragraph, "body"));
  const std::vector<std::pair<std::string, std::string>> refused = {
      {std::string("a\0b", 3), "U+0000"}, {"a\nb", "U+000A"}, {"a\tb", "U+0009"}, {"bell\x07", "U+0007"},
      {"del\x7f", "U+007F"}, {"c1\xc2\x9b", "U+009B"}, {"invoice\xe2\x80\xae" "gpj.exe", "U+202E"},
      {"\xe2\x81\xa6isolate", "U+2066"}, {"mark\xe2\x80\x8f", "U+200F"}, {"\xef\xbb\xbf" "bom", "U+FEFF"},
      {"sep\xe2\x80\xa8", "U+2028"}, {"zw\xe2\x80\x8bsp", "U+200B"}, {"soft\xc2\xadhyphen", "U+00AD"},
      {"tag\xf3\xa0\x80\x81", "U+E0001"}};
  for (const auto& [text, code_point] : refused) {
    std::optional<Reason> r = text_problem(text, TextKind::line, "name");
    ASSERT_TRUE(r) << code_point;
    EXPECT_NE(r->message.find(code_point), std::string::npos) << r->message;
    EXPECT_NE(r->message.find("Field 'name'"), std::string::npos) << r->message;
  }
  EXPECT_EQ(text_problem("x\xe2\x80\xaey", TextKind::paragraph, "body")->code, "hidden_characters");
  EXPECT_EQ(text_problem("x\x01y", TextKind::paragraph, "body")->code, "control_characters");
  EXPECT_EQ(text_problem("x\xff", TextKind::line, "name")->code, "bad_utf8");
  EXPECT_EQ(text_problem("\xed\xa0\x80", TextKind::line, "name")->code, "bad_utf8");  // a surrogate
  EXPECT_EQ(text_problem("\xc0\xaf", TextKind::line, "name")->code, "bad_utf8");      // overlong '/'
}

TEST(TextProblem, StrippingKeepsEverythingElse) {
  EXPECT_EQ(strip_unsafe_text("invoice\xe2\x80\xae" "gpj.exe"), "invoicegpj.exe");
  EXPECT_EQ(strip_unsafe_text("a\x01" "b\xc2\x85" "c\xe2\x81\xa9"), "abc");
  EXPECT_EQ(strip_unsafe_text("Zoë 李"), "Zoë 李");
  EXPECT_EQ(strip_unsafe_text("bad\xff"), "bad\xef\xbf\xbd");
  EXPECT_EQ(safe_file_name("invoice\xe2\x80\xae" "gpj.exe"), "invoicegpj.exe");
  EXPECT_EQ(safe_file_name("\xe2\x80\xae.exe"), "exe");
}

TEST(FoldName, CaseOfEveryCommonScriptAndAnyWhiteSpace) {
  EXPECT_EQ(fold_name("  zoë  łukasz "), fold_name("Zoë Łukasz"));
  EXPECT_EQ(fold_name("ZOË\u00a0ŁUKASZ"), "zoë łukasz");
  EXPECT_EQ(fold_name("ΣΩΚΡΆΤΗΣ"), fold_name("σωκράτης"));   // Greek, final sigma
  EXPECT_EQ(fold_name("Ёлка Пётр"), fold_name("ёлка пётр"));  // Cyrillic
  EXPECT_EQ(fold_name("Straße"), fold_name("STRASSE"));         // ß folds to ss
  EXPECT_EQ(fold_name("Nguyễn Văn"), fold_name("NGUYỄN VĂN"));  // Latin Extended Additional
  EXPECT_EQ(fold_name("Ǆemal Ŀuka"), fold_name("ǆemal ŀuka"));   // Latin Extended-A and -B
  EXPECT_EQ(fold_name("Ａｄａ"), fold_name("ａｄａ"));             // full-width
  EXPECT_EQ(fold_name("李 小龍"), "李 小龍");                     // no case: unchanged
  EXPECT_EQ(fold_name("Ada\u3000Lovelace"), "ada lovelace");    // ideographic space
  EXPECT_NE(fold_name("Zoe Lukasz"), fold_name("Zoë Łukasz"));  // accents are not dropped
  EXPECT_EQ(fold_name(" \t "), "");
}

TEST(ParseJsonObject, DuplicateKeysAtAnyDepthAreRefused) {
  Result<nlohmann::json> top = parse_json_object(R"({"email":"a","email":"b"})");
  ASSERT_FALSE(top.ok());
  EXPECT_EQ(top.error().code, "duplicate_key");
  EXPECT_NE(top.error().message.find("'email'"), std::string::npos);
  Result<nlohmann::json> nested = parse_json_object(R"({"lines":[{"kind":"a","kind":"b"}]})");
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().code, "duplicate_key");
  // The same key in sibling objects is fine.
  EXPECT_TRUE(parse_json_object(R"({"a":{"x":1},"b":{"x":2},"c":[{"x":1},{"x":2}]})").ok());
}

TEST(ObjectReader, RequestsFollowTheTextRulesResponsesDoNot) {
  const nlohmann::json j = {{"name", "a\nb"}, {"body", "a\nb"}, {"title", "x\xe2\x80\xae"}};
  ObjectReader request(j);
  EXPECT_EQ(request.name("name", 100), "");
  EXPECT_EQ(request.string("body", 100), "a\nb");
  EXPECT_FALSE(request.optional_name("title", 100));
  EXPECT_TRUE(request.has_problem("name"));
  EXPECT_FALSE(request.has_problem("body"));
  EXPECT_FALSE(request.finish());
  ASSERT_EQ(request.error().reasons.size(), 2u);
  EXPECT_EQ(request.error().reasons[0].code, "control_characters");
  EXPECT_EQ(request.error().reasons[1].code, "hidden_characters");
  ObjectReader response(j, ObjectReader::Source::response);
  EXPECT_EQ(response.string("title", 100), "x\xe2\x80\xae");
}

TEST(ByteRange, OneRangeOrTheWholeFile) {
  using K = ByteRange::Kind;
  auto r = [](const char* h, std::int64_t size) { return parse_byte_range(h, size); };
  EXPECT_EQ(r("bytes=0-9", 100).kind, K::one);
  EXPECT_EQ(r("bytes=0-9", 100).last, 9);
  EXPECT_EQ(r("bytes=90-", 100).first, 90);
  EXPECT_EQ(r("bytes=90-", 100).last, 99);
  EXPECT_EQ(r("bytes=-10", 100).first, 90);
  EXPECT_EQ(r("bytes=-500", 100).first, 0);
  EXPECT_EQ(r("bytes=50-500", 100).last, 99);
  EXPECT_EQ(r("bytes=100-", 100).kind, K::unsatisfiable);
  EXPECT_EQ(r("bytes=-0", 100).kind, K::unsatisfiable);
  for (const char* ignored : {"", "bytes=0-1,2-3", "items=0-1", "bytes=5-2", "bytes=a-b", "bytes=-", "bytes=1"}) {
    EXPECT_EQ(r(ignored, 100).kind, K::none) << ignored;
  }
}

TEST(Team, OnlyTheTeamIsAssignedOrRecordsTime) {
  Engagement e = sample_engagement();
  Task t{30, 1, "Brief", TaskStatus::todo, false, kMember.user_id, 0};
  EXPECT_TRUE(put_task(e, kOwner, t).ok());
  t.assignee_user_id = kClient.user_id;  // a client user is not on the team
  Result<Engagement> client = put_task(e, kOwner, t);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().reasons[0].code, "no_such_assignee");
  t.assignee_user_id = 999;
  EXPECT_FALSE(put_task(e, kOwner, t).ok());
  // A task assigned before someone left the team can still be edited otherwise.
  e.tasks[0].assignee_user_id = 999;
  Task renamed = e.tasks[0];
  renamed.title = "Sketches, again";
  EXPECT_TRUE(put_task(e, kOwner, renamed).ok());

  TimeEntry entry{40, 999, 0, kNow, 30, 9000, true, ""};
  Result<Engagement> foreign = add_time_entry(e, kOwner, entry);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().reasons[0].code, "no_such_user");
  entry.user_id = 0;  // defaults to whoever records it
  Result<Engagement> mine = add_time_entry(e, kMember, entry);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine.value().time_entries.back().user_id, kMember.user_id);
  TimeEntry moved = mine.value().time_entries.back();
  moved.user_id = kClient.user_id;
  EXPECT_EQ(edit_time_entry(mine.value(), kOwner, moved).error().reasons[0].code, "no_such_user");
}

TEST(PaymentRetry, SameKeySamePaymentOnly) {
  const Payment stored{7, 1, 100000, "USD", kNow, "bank ref 1"};
  Payment again = stored;
  again.id = 0;
  again.received_at = kNow + 60;  // a retry a minute later, date not given: the same payment
  EXPECT_FALSE(payment_retry_problem(stored, again, false));
  EXPECT_TRUE(payment_retry_problem(stored, again, true));
  again.amount_minor = 250000;
  std::optional<Error> e = payment_retry_problem(stored, again, false);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "conflict");
  EXPECT_EQ(e->reasons[0].code, "idempotency_key_reused");
  EXPECT_NE(e->message.find("amount"), std::string::npos);
  EXPECT_NE(e->message.find("$1,000.00"), std::string::npos) << e->message;
  again.reference = "other";
  EXPECT_NE(payment_retry_problem(stored, again, false)->message.find("amount and reference"), std::string::npos);
}

TEST(LooksBlank, NamesThatShowNothing) {
  for (const char* blank : {"", " \t", "\xe2\xa0\x80", "\xe3\x85\xa4", "\xc2\xa0\xe3\x80\x80", "\xe2\x80\x8d", "\xef\xb8\x8f"}) {
    EXPECT_TRUE(looks_blank(blank)) << blank;
  }
  EXPECT_FALSE(looks_blank(" a "));
  EXPECT_FALSE(looks_blank("李"));
}

TEST(Credentials, PasswordLengthCountsCharactersNotBytes) {
  EXPECT_TRUE(password_problem("密码密码"));          // 4 characters, 12 bytes
  EXPECT_TRUE(password_problem("😀😀😀"));            // 3 characters
  EXPECT_FALSE(password_problem("密码密码密码密码密码"));  // 10 characters
}

TEST(ParseJsonObject, ANulByteIsNotTheEndOfTheBody) {
  Result<nlohmann::json> r = parse_json_object(std::string(R"({"email":"a"})") + '\0' + R"({"evil":1})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "malformed_json");
}
