// The portal's files: types, compression, revalidation.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "test_server.h"

using namespace handoff::testing;

namespace {
// Compressible bytes large enough to be precompressed.
std::string fake_wasm() {
  std::string s = "\0asm\x01\0\0\0";
  for (int i = 0; i < 20000; ++i) s += "handoff" + std::to_string(i % 97);
  return s;
}
}  // namespace

TEST(StaticFiles, ServesTheShellAndWasmWithTheRightTypes) {
  TestServer s({{"handoff.wasm", fake_wasm()}, {"handoff.js", "var Module;"}});
  auto c = s.client();
  auto index = c.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(index->body.find("<title>Handoff</title>"), std::string::npos);

  auto wasm = c.Get("/handoff.wasm");
  ASSERT_TRUE(wasm);
  EXPECT_EQ(wasm->get_header_value("Content-Type"), "application/wasm");
  EXPECT_EQ(wasm->get_header_value("X-Content-Type-Options"), "nosniff");
  auto js = c.Get("/handoff.js");
  EXPECT_EQ(js->get_header_value("Content-Type"), "application/javascript; charset=utf-8");
}

TEST(StaticFiles, CompressedWhenTheBrowserAcceptsIt) {
  const std::string wasm_bytes = fake_wasm();
  TestServer s({{"handoff.wasm", wasm_bytes}});
  for (const char* coding : {"br", "gzip"}) {
    auto c = s.client();
    c.set_decompress(false);
    auto r = c.Get("/handoff.wasm", {{"Accept-Encoding", coding}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->get_header_value("Content-Encoding"), coding);
    EXPECT_LT(r->body.size(), wasm_bytes.size() / 3) << coding;
    EXPECT_EQ(r->get_header_value("Vary"), "Accept-Encoding");
  }
  auto c = s.client();
  c.set_decompress(false);
  auto plain = c.Get("/handoff.wasm", {{"Accept-Encoding", "identity"}});
  EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");
  EXPECT_EQ(plain->body, wasm_bytes);
  auto refused = c.Get("/handoff.wasm", {{"Accept-Encoding", "br;q=0, gzip;q=0"}});
  EXPECT_EQ(refused->body, wasm_bytes);
  // httplib's client decompresses transparently: the bytes are the same.
  auto d = s.client();
  auto decoded = d.Get("/handoff.wasm", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(decoded->body, wasm_bytes);
}

TEST(StaticFiles, ETagRevalidation) {
  TestServer s(std::map<std::string, std::string>{{"handoff.js", "var Module = {};"}});
  auto c = s.client();
  auto first = c.Get("/handoff.js");
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(first->get_header_value("Cache-Control"), "no-cache");
  auto again = c.Get("/handoff.js", {{"If-None-Match", etag}});
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
}

TEST(StaticFiles, OnlyFilesInTheWebDirectory) {
  TestServer s;
  auto c = s.client();
  for (const char* path : {"/../data/handoff.db", "/handoff.db", "/%2e%2e/etc/passwd", "/.", "/.."}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
  }
}
