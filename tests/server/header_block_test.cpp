// The connection gate's header-block checks as pure functions (server/header_block.h):
// no socket needed to say where a block ends or why one is refused. The same rules are
// exercised over real connections in hardening_test.cpp and connections_test.cpp.
#include <gtest/gtest.h>

#include <string>

#include "header_block.h"

using handoff::server::gate::error_response;
using handoff::server::gate::header_block_problem;
using handoff::server::gate::HeaderScanner;

TEST(HeaderBlock, TheScannerFindsTheEndAlsoAcrossFeeds) {
  const std::string block = "GET / HTTP/1.1\r\nHost: a\r\n\r\nBODY";
  HeaderScanner whole;
  EXPECT_EQ(whole.feed(block.data(), block.size()), block.size() - 4);
  // One byte at a time: the partial match carries over.
  HeaderScanner bytes;
  std::size_t end = HeaderScanner::npos;
  for (std::size_t i = 0; i < block.size() && end == HeaderScanner::npos; ++i) {
    if (bytes.feed(block.data() + i, 1) != HeaderScanner::npos) end = i + 1;
  }
  EXPECT_EQ(end, block.size() - 4);
  HeaderScanner partial;
  EXPECT_EQ(partial.feed("GET / HTTP/1.1\r\nHost: a\r\n", 25), HeaderScanner::npos);
}

TEST(HeaderBlock, AnUnambiguousBlockPasses) {
  EXPECT_EQ(header_block_problem("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n"), nullptr);
  EXPECT_EQ(header_block_problem("GET / HTTP/1.0\r\n\r\n"), nullptr);  // HTTP/1.0 needs no Host
}

TEST(HeaderBlock, AnythingAProxyCouldReadOtherwiseIsRefused) {
  EXPECT_NE(header_block_problem("GET / HTTP/1.1\nHost: x\r\n\r\n"), nullptr);             // bare LF
  EXPECT_NE(header_block_problem("GET / HTTP/1.1\r\nHost: x\rY: 1\r\n\r\n"), nullptr);     // bare CR
  EXPECT_NE(header_block_problem("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n"), nullptr);  // folded line
  EXPECT_NE(header_block_problem("GET / HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n"), nullptr);
  EXPECT_NE(header_block_problem("GET / HTTP/1.1\r\nHost: x\r\n: 1\r\n\r\n"), nullptr);      // no name
  EXPECT_NE(header_block_problem("GET / HTTP/1.1\r\nHost: x\r\nA: \x01\r\n\r\n"), nullptr);  // control character
  EXPECT_NE(header_block_problem("GET / HTTP/1.1\r\n\r\n"), nullptr);                         // no Host
  EXPECT_NE(header_block_problem("GET / HTTP/1.1\r\nHost: x\r\nhost: y\r\n\r\n"), nullptr);  // two Hosts
}

TEST(HeaderBlock, TheGatesOwnRefusalsAreCompleteResponsesThatClose) {
  const std::string r = error_response(431, "Request Header Fields Too Large", "headers_too_large", "Too large.");
  EXPECT_EQ(r.rfind("HTTP/1.1 431 Request Header Fields Too Large\r\n", 0), 0u);
  EXPECT_NE(r.find("\r\nConnection: close\r\n"), std::string::npos);
  const std::string body = r.substr(r.find("\r\n\r\n") + 4);
  EXPECT_NE(r.find("Content-Length: " + std::to_string(body.size()) + "\r\n"), std::string::npos);
  EXPECT_NE(body.find("\"code\":\"headers_too_large\""), std::string::npos);
}
