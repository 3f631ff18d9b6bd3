// SHA-256 against the FIPS 180-4 / NIST CAVP example vectors. Runs natively (libsodium.so)
// and as wasm (libsodium's sources compiled by emcc): both must give these digests.
#include <gtest/gtest.h>

#include <string>

#include "handoff/sha256.h"

using handoff::sha256_hex;

TEST(Sha256, EmptyString) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, Abc) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, TwoBlockMessage) {
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, FourBlockMessage) {
  EXPECT_EQ(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256, OneMillionA) {
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, BinaryBytesIncludingNul) {
  const std::string bytes("\x00\xff\x00", 3);
  EXPECT_EQ(sha256_hex(bytes).size(), 64u);
  EXPECT_NE(sha256_hex(bytes), sha256_hex(std::string("\x00\xff", 2)));  // length matters
}

TEST(Hex, EncodesEveryByte) {
  EXPECT_EQ(handoff::to_hex(std::string("\x00\x01\x7f\x80\xff", 5)), "00017f80ff");
}
