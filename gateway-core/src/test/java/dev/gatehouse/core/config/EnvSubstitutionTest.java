package dev.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

  private static EnvSubstitution.Result substitute(Map<String, String> env, String text) {
    return new EnvSubstitution(env).apply(text);
  }

  @Test
  void replacesASetVariable() {
    var result = substitute(Map.of("PORT", "9090"), "http:\n  port: ${PORT}\n");

    assertThat(result.text()).isEqualTo("http:\n  port: 9090\n");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void usesTheDefaultOnlyWhenTheVariableIsUnset() {
    assertThat(substitute(Map.of(), "port: ${PORT:-8080}").text()).isEqualTo("port: 8080");
    assertThat(substitute(Map.of("PORT", "9090"), "port: ${PORT:-8080}").text())
        .isEqualTo("port: 9090");
  }

  @Test
  void anEmptyVariableWinsOverTheDefault() {
    var result = substitute(Map.of("HOST", ""), "host: '${HOST:-localhost}'");

    assertThat(result.text()).isEqualTo("host: ''");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void anUnsetVariableWithoutDefaultBecomesNullWithAWarningNamingItsLine() {
    var result = substitute(Map.of(), "a: 1\nb:\n  secret: ${JWT_SECRET}\n");

    assertThat(result.text()).isEqualTo("a: 1\nb:\n  secret: null\n");
    assertThat(result.warnings()).containsExactly(new EnvSubstitution.Warning("JWT_SECRET", 3, 11));
    assertThat(result.warnings().get(0).message())
        .isEqualTo(
            "environment variable 'JWT_SECRET' is not set and has no default; substituted null");
  }

  @Test
  void anEmptyDefaultCountsAsNoDefaultAsInExpressGateway() {
    var result = substitute(Map.of(), "x: ${X:-}");

    assertThat(result.text()).isEqualTo("x: null");
    assertThat(result.warnings())
        .extracting(EnvSubstitution.Warning::variable)
        .containsExactly("X");
  }

  @Test
  void doubleDollarEscapesAndIsKeptVerbatim() {
    var result = substitute(Map.of("X", "value"), "a: $${X}\nb: $${X:-d}\nc: ${X}");

    assertThat(result.text()).isEqualTo("a: $${X}\nb: $${X:-d}\nc: value");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void theDefaultEndsAtTheFirstClosingBraceOnTheLine() {
    assertThat(substitute(Map.of(), "url: ${URL:-http://h:1/p}/x}").text())
        .isEqualTo("url: http://h:1/p/x}");
    assertThat(substitute(Map.of(), "a: ${A:-x\n}").text()).isEqualTo("a: ${A:-x\n}");
  }

  @Test
  void namesOutsideTheAllowedCharactersAreLeftAlone() {
    assertThat(substitute(Map.of("A-B", "x"), "v: ${A-B} ${}").text()).isEqualTo("v: ${A-B} ${}");
  }

  @Test
  void recordsWhereEachSubstitutionHappened() {
    var result = substitute(Map.of("P", "12345"), "p: ${P}\nq: 1");

    assertThat(result.substitutions()).hasSize(1);
    int q = result.text().indexOf('q');
    assertThat(result.originalOffset(q)).isEqualTo("p: ${P}\nq: 1".indexOf('q'));
    assertThat(result.originalOffset(result.text().indexOf('3'))).isEqualTo(3);
  }
}
