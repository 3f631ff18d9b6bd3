#include <gtest/gtest.h>

#include <string>

#include "handoff/json_read.h"

using namespace handoff;

TEST(ParseJsonObject, MalformedAndWrongTypes) {
  EXPECT_EQ(parse_json_object("{").error().code, "malformed_json");
  EXPECT_EQ(parse_json_object("").error().code, "malformed_json");
  EXPECT_EQ(parse_json_object("{\"a\":1} trailing").error().code, "malformed_json");
  EXPECT_EQ(parse_json_object("[1,2]").error().code, "wrong_type");
  EXPECT_EQ(parse_json_object("\"text\"").error().code, "wrong_type");
  EXPECT_TRUE(parse_json_object("{\"a\":1}").ok());
}

TEST(ParseJsonObject, DeepNestingParsesWithoutCrashing) {
  // A hostile body nests deeply; parsing and destroying it must not overflow the stack in
  // either target (wasm's default stack is 5 MiB... of which this needs far less).
  std::string deep(5000, '[');
  deep += std::string(5000, ']');
  EXPECT_TRUE(parse_json_object("{\"a\":" + deep + "}").ok());
}

TEST(ObjectReader, ReadsEveryKindAndReportsAllProblemsAtOnce) {
  auto j = parse_json_object(R"({"s":"x","n":5,"b":true,"extra":1,"bad_n":"7","long":"abcdef"})").value();
  ObjectReader in(j);
  EXPECT_EQ(in.string("s", 10), "x");
  EXPECT_EQ(in.integer("n", 0, 10), 5);
  EXPECT_TRUE(in.boolean("b"));
  in.integer("bad_n", 0, 10);
  in.string("long", 3);
  in.string("missing", 3);
  EXPECT_FALSE(in.finish());
  const Error e = in.error();
  EXPECT_EQ(e.code, "invalid_request");
  ASSERT_EQ(e.reasons.size(), 4u);
  EXPECT_EQ(e.reasons[0].code, "wrong_type");
  EXPECT_EQ(e.reasons[1].code, "too_long");
  EXPECT_EQ(e.reasons[2].code, "missing_field");
  EXPECT_EQ(e.reasons[3].code, "unknown_field");
  EXPECT_EQ(e.message, "The request has 4 problems.");
}

TEST(ObjectReader, IntegerRangeAndOverflow) {
  auto j = parse_json_object(R"({"a":-1,"b":18446744073709551615,"c":1.5,"d":9223372036854775807})").value();
  ObjectReader in(j);
  in.integer("a", 0, 100);
  in.integer("b", 0, INT64_MAX);
  in.integer("c", 0, 100);
  EXPECT_EQ(in.integer("d", 0, INT64_MAX), INT64_MAX);
  EXPECT_FALSE(in.finish());
  ASSERT_EQ(in.error().reasons.size(), 3u);
  EXPECT_EQ(in.error().reasons[0].code, "out_of_range");
  EXPECT_EQ(in.error().reasons[1].code, "out_of_range");
  EXPECT_EQ(in.error().reasons[2].code, "wrong_type");
}

TEST(ObjectReader, OptionalFieldsAndNull) {
  auto j = parse_json_object(R"({"a":null})").value();
  ObjectReader in(j);
  EXPECT_FALSE(in.optional_string("a", 5));
  EXPECT_FALSE(in.optional_integer("b", 0, 5));
  EXPECT_TRUE(in.finish());
}

TEST(ObjectReader, UnknownFieldNamesAreTruncatedInMessages) {
  const std::string key(10000, 'k');
  auto j = parse_json_object("{\"" + key + "\":1}").value();
  ObjectReader in(j);
  EXPECT_FALSE(in.finish());
  EXPECT_LT(in.error().reasons[0].message.size(), 120u);
}

TEST(ObjectReader, AllowUnknownForResponses) {
  auto j = parse_json_object(R"({"known":"x","added_later":1})").value();
  ObjectReader in(j);
  in.string("known", 5);
  EXPECT_TRUE(in.finish(/*allow_unknown=*/true));
}
