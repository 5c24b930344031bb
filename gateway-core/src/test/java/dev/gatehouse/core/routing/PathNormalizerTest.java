package dev.gatehouse.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormalizerTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"/", "/api", "/api/", "/users/42", "/a%2Fb", "/caf%C3%A9", "/a.b/..c/...", "/x?y"})
  void pathAlreadyInNormalFormIsReturnedAsTheSameInstance(String path) {
    assertThat(PathNormalizer.normalize(path)).isSameAs(path);
  }

  @ParameterizedTest
  @CsvSource({"/%61pi, /api", "/%41%5A%30%39, /AZ09", "/%2D%2e%5F%7e, /-._~", "/%7Euser, /~user"})
  void percentEncodedUnreservedCharactersAreDecoded(String raw, String normal) {
    assertThat(PathNormalizer.normalize(raw)).isEqualTo(normal);
  }

  @ParameterizedTest
  @CsvSource({"/a%2fb, /a%2Fb", "/caf%c3%a9, /caf%C3%A9", "/%25, /%25", "/x%3a%40, /x%3A%40"})
  void otherPercentEncodingsStayWithUpperCaseHexDigits(String raw, String normal) {
    assertThat(PathNormalizer.normalize(raw)).isEqualTo(normal);
  }

  @Test
  void encodedPercentIsNotDecodedTwice() {
    assertThat(PathNormalizer.normalize("/%2561")).isEqualTo("/%2561");
  }

  @ParameterizedTest
  @CsvSource({"//api, /api", "/a//b///c, /a/b/c", "/a//, /a/", "//, /", "///x//, /x/"})
  void repeatedSlashesCollapseToOne(String raw, String normal) {
    assertThat(PathNormalizer.normalize(raw)).isEqualTo(normal);
  }

  @ParameterizedTest
  @CsvSource({
    "/a/./b, /a/b",
    "/a/../b, /b",
    "/../x, /x",
    "/../../x/.., /",
    "/a/.., /",
    "/a/b/.., /a/",
    "/a/., /a/",
    "/., /",
    "/a/b/../../c/./d/, /c/d/",
    "/a/%2e%2e/b, /b",
    "/a/%2E/b, /a/b",
    "/a/.%2e/b, /b",
    "/a//../b, /b"
  })
  void dotSegmentsAreRemovedAfterDecoding(String raw, String normal) {
    assertThat(PathNormalizer.normalize(raw)).isEqualTo(normal);
  }

  @ParameterizedTest
  @CsvSource({"/a/.b/..c/, /a/.b/..c/", "/.../x, /.../x", "/a./b.., /a./b.."})
  void segmentsThatOnlyContainDotsAreKept(String raw, String normal) {
    assertThat(PathNormalizer.normalize(raw)).isEqualTo(normal);
  }

  @ParameterizedTest
  @CsvSource({
    "/a%2F..%2Fb, /a%2F..%2Fb",
    "/a%2f..%2fb, /a%2F..%2Fb",
    "/x/..%2F..%2Fetc%2Fpasswd, /x/..%2F..%2Fetc%2Fpasswd",
    "/a/%2e%2e%2fb, /a/..%2Fb",
    "/a%2F%2e%2e, /a%2F.."
  })
  void encodedSlashNeverBecomesASeparatorSoItCannotEscapeItsSegment(String raw, String normal) {
    assertThat(PathNormalizer.normalize(raw)).isEqualTo(normal);
  }

  @Test
  void trailingSlashIsKept() {
    assertThat(PathNormalizer.normalize("/a/./b/")).isEqualTo("/a/b/");
    assertThat(PathNormalizer.normalize("/api/")).isEqualTo("/api/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "api", "*", "http://host/x", "%2Fapi"})
  void pathNotStartingWithSlashIsMalformed(String raw) {
    assertThatThrownBy(() -> PathNormalizer.normalize(raw))
        .isInstanceOf(MalformedPathException.class)
        .hasMessageContaining("must start with '/'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/%G1", "/a%2", "/a%", "/%%41", "/%4", "/%ZZ/b", "/ok/%2e%2x", "/%\u0661\u0662"})
  void invalidPercentEncodingIsMalformed(String raw) {
    assertThatThrownBy(() -> PathNormalizer.normalize(raw))
        .isInstanceOf(MalformedPathException.class)
        .hasMessageContaining("invalid percent-encoding");
  }

  @Test
  void invalidEscapeAfterWorkIsFoundIsStillMalformed() {
    assertThatThrownBy(() -> PathNormalizer.normalize("/a//b/%zz"))
        .isInstanceOf(MalformedPathException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a\nb", "/a\rb", "/\u0000", "/a\tb", "/a\u007Fb", "//x/\u001F"})
  void rawControlCharactersAreMalformed(String raw) {
    assertThatThrownBy(() -> PathNormalizer.normalize(raw))
        .isInstanceOf(MalformedPathException.class)
        .hasMessageContaining("control character");
  }

  @Test
  void encodedControlCharactersStayEncoded() {
    assertThat(PathNormalizer.normalize("/a%0ab%00")).isEqualTo("/a%0Ab%00");
  }

  @Test
  void messageSaysWhereButDoesNotRepeatThePath() {
    assertThatThrownBy(() -> PathNormalizer.normalize("/secret-token/%G1"))
        .hasMessage("invalid percent-encoding at index 14")
        .message()
        .doesNotContain("secret");
  }
}
