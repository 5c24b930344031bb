package dev.gatehouse.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPatternTest {

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @CsvSource({
    "*.acme.com, abc.acme.com, true",
    "*.acme.com, acme.com, false",
    "*.acme.com, zx.abc.acme.com, false",
    "*.acme.com, abc.example.com, false",
    "*.acme.com, .acme.com, false",
    "*.*.example.com, sub.abc.example.com, true",
    "*.*.example.com, abc.example.com, false",
    "acme.com, acme.com, true",
    "acme.com, abc.acme.com, false",
    "acme.com, acme.co, false",
    "acme.com, acme.com.evil.org, false",
    "ACME.Com, acme.com, true",
    "api-*.acme.com, api-eu.acme.com, true",
    "api-*.acme.com, api-.acme.com, false",
    "*-*.acme.com, a-b.acme.com, true",
    "*-*.acme.com, ab.acme.com, false",
    "a+b.com, a+b.com, true",
    "a+b.com, aab.com, false",
    "acme.com, acmexcom, false"
  })
  void globStarMatchesExactlyOneLabelAndEverythingElseIsLiteral(
      String glob, String host, boolean matches) {
    assertThat(HostPattern.glob(glob).matches(host)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @CsvSource({
    "[a-z]{3}.parrots.com, abc.parrots.com, true",
    "[a-z]{3}.parrots.com, parrots.com, false",
    "[a-z]{3}.parrots.com, abcd.parrots.com, false",
    "[a-z]{3}.parrots.com, x.abc.parrots.com, false",
    "[a-z]{3}.parrots.com, abc-parrots.com, true",
    "ABC\\.parrots\\.com, abc.parrots.com, true",
    "^abc, abc, true",
    "^abc, abcd, false",
    "abc$, xabc, false",
    "^a.*$, anything.at.all, true"
  })
  void hostRegexIsAnchoredAndIgnoresCase(String regex, String host, boolean matches) {
    assertThat(HostPattern.regex(regex).matches(host)).isEqualTo(matches);
  }

  @Test
  void requestWithoutHostMatchesOnlyAnyHost() {
    assertThat(HostPattern.any().matches(null)).isTrue();
    assertThat(HostPattern.glob("acme.com").matches(null)).isFalse();
    assertThat(HostPattern.glob("*.acme.com").matches(null)).isFalse();
    assertThat(HostPattern.regex(".*").matches(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", ""})
  void starOrEmptyHostMeansAnyHost(String host) {
    HostPattern pattern = HostPattern.glob(host);
    assertThat(pattern.isAny()).isTrue();
    assertThat(pattern.key()).isEqualTo("*");
    assertThat(pattern.matches("whatever.example")).isTrue();
  }

  @Test
  void keyIsTheConfiguredHostOrTheMarkedRegex() {
    assertThat(HostPattern.glob("*.Acme.com").key()).isEqualTo("*.Acme.com");
    assertThat(HostPattern.regex("[a-z]+.acme.com").key()).isEqualTo("~[a-z]+.acme.com");
    assertThat(HostPattern.any().key()).isEqualTo("*");
    assertThat(HostPattern.glob("acme.com").isAny()).isFalse();
    assertThat(HostPattern.regex(".*").isAny()).isFalse();
  }

  @Test
  void invalidHostRegexIsRejected() {
    assertThatThrownBy(() -> HostPattern.regex("[a-z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hostRegex '[a-z' is not a valid regular expression");
  }

  @Test
  void emptyHostRegexIsRejected() {
    assertThatThrownBy(() -> HostPattern.regex(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hostRegex is empty");
  }
}
