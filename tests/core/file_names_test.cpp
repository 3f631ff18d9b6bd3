// Hostile file names: path traversal, CR/LF header injection, quotes, invalid UTF-8.
#include <gtest/gtest.h>

#include <string>

#include "handoff/file_names.h"

using handoff::content_disposition;
using handoff::image_type;
using handoff::safe_file_name;

TEST(SafeFileName, KeepsOnlyTheLastPathComponent) {
  EXPECT_EQ(safe_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(safe_file_name("..\\..\\windows\\win.ini"), "win.ini");
  EXPECT_EQ(safe_file_name("/abs/path/logo.svg"), "logo.svg");
  EXPECT_EQ(safe_file_name(".."), "file");
  EXPECT_EQ(safe_file_name("dir/"), "file");
  EXPECT_EQ(safe_file_name(""), "file");
  EXPECT_EQ(safe_file_name(" . .hidden. "), "hidden");
}

TEST(SafeFileName, DropsControlCharactersAndQuotes) {
  EXPECT_EQ(safe_file_name("report\r\nSet-Cookie: x=1.pdf"), "reportSet-Cookie: x=1.pdf");
  EXPECT_EQ(safe_file_name(std::string("a\0b.txt", 7)), "ab.txt");
  EXPECT_EQ(safe_file_name("say \"hi\".txt"), "say hi.txt");
  EXPECT_EQ(safe_file_name("tab\there"), "tabhere");
}

TEST(SafeFileName, Utf8KeptInvalidBytesReplacedLengthBounded) {
  EXPECT_EQ(safe_file_name("Entwurf für Müller.pdf"), "Entwurf für Müller.pdf");
  EXPECT_EQ(safe_file_name("bad\xff\xfe.txt"), "bad__.txt");
  EXPECT_EQ(safe_file_name("\xc0\xaf.txt"), "__.txt");  // overlong '/'
  const std::string longest = safe_file_name(std::string(300, 'a') + ".pdf");
  EXPECT_EQ(longest.size(), 200u);
  std::string euros;
  for (int i = 0; i < 100; ++i) euros += "€";  // 3 bytes each
  EXPECT_EQ(safe_file_name(euros).size(), 198u);  // never splits a character
}

TEST(ContentDisposition, AsciiFallbackAndRfc5987Encoding) {
  EXPECT_EQ(content_disposition("logo.svg"), "attachment; filename=\"logo.svg\"; filename*=UTF-8''logo.svg");
  EXPECT_EQ(content_disposition("für; x.pdf"),
            "attachment; filename=\"f__r_ x.pdf\"; filename*=UTF-8''f%C3%BCr%3B%20x.pdf");
  const std::string v = content_disposition(safe_file_name("a\r\nb\".txt"));
  EXPECT_EQ(v.find('\r'), std::string::npos);
  EXPECT_EQ(v.find('\n'), std::string::npos);
}

TEST(ImageType, KnowsRasterSignaturesOnly) {
  using namespace std::string_view_literals;
  EXPECT_EQ(image_type("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"sv), "image/png");
  EXPECT_EQ(image_type("\xff\xd8\xff\xe0"sv), "image/jpeg");
  EXPECT_EQ(image_type("GIF89a..."sv), "image/gif");
  EXPECT_EQ(image_type("RIFF\x10\0\0\0WEBPVP8 "sv), "image/webp");
  for (std::string_view bad : {""sv, "\x89PNG"sv, "<svg xmlns='http://www.w3.org/2000/svg'/>"sv, "RIFF\x10\0\0\0WAVE"sv,
                               "%PDF-1.7"sv, "GIF88a"sv}) {
    EXPECT_EQ(image_type(bad), "") << bad;
  }
}
