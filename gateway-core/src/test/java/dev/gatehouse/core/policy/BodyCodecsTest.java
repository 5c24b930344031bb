package dev.gatehouse.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pieces the transformers and the log policy build on. */
class BodyCodecsTest {

  @Test
  void formsDecodeInOrderWithRepeatedNamesAndEncodeSpacesAsPercent20() {
    Map<String, List<String>> form = UrlEncodedForm.decode("b=a+b&a=1&b=%C3%A9&flag&&=x");

    assertThat(form)
        .containsExactly(
            Map.entry("b", List.of("a b", "é")),
            Map.entry("a", List.of("1")),
            Map.entry("flag", List.of("")),
            Map.entry("", List.of("x")));
    assertThat(UrlEncodedForm.encode(form)).isEqualTo("b=a%20b&b=%C3%A9&a=1&flag=&=x");
  }

  @Test
  void aMalformedEscapeIsRefused() {
    assertThatThrownBy(() -> UrlEncodedForm.decode("a=%zz"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "application/json | JSON",
        "Application/JSON; charset=utf-8 | JSON",
        "application/problem+json | JSON",
        "application/x-www-form-urlencoded | FORM",
        "text/plain | OTHER",
        "multipart/form-data; boundary=x | OTHER",
        "NULL | NONE",
      })
  void contentTypesSelectTheFormat(String contentType, BodyFormat format) {
    assertThat(BodyFormat.of(contentType)).isEqualTo(format);
  }

  @Test
  void logMessagesEscapeControlCharacters() {
    assertThat(LogPolicyFactory.escapeControls("plain")).isEqualTo("plain");
    assertThat(LogPolicyFactory.escapeControls("a\nb\rc\td\u0001"))
        .isEqualTo("a\\nb\\rc\\td\\u0001");
  }
}
