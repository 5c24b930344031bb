package dev.gatehouse.core.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** path-to-regexp 3.x semantics, as Express Gateway's rewrite plugin matches and fills paths. */
class ExpressPathTemplateTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/tina/:code        | /tina/318         | {code=318}",
        "/tina/:code        | /TINA/318/        | {code=318}",
        "/tina/:code        | /tina/318/x       | null",
        "/tina/:code        | /tina             | null",
        "/api/:route*       | /api/users/nick   | {route=users/nick}",
        "/api/:route*       | /api              | {}",
        "/api/:route+       | /api              | null",
        "/api/:route+       | /api/a/b          | {route=a/b}",
        "/user/:id(\\d+)    | /user/42          | {id=42}",
        "/user/:id(\\d+)    | /user/abc         | null",
        "/files/(.*)        | /files/a/b.txt    | {0=a/b.txt}",
        "/:file.:ext        | /report.json      | {file=report, ext=json}",
        "/:file.:ext?       | /report           | {file=report}",
        "/a\\:b             | /a:b              | {}",
        "/tina/:code        | /tina/a%20b       | {code=a%20b}",
        // No bare wildcard in path-to-regexp 3.x: the star is literal.
        "/js/*              | /js/app.js        | null",
        "/js/*              | /js/*             | {}",
      })
  void matchesAsPathToRegexp3(String template, String path, String expected) {
    Map<String, String> params = ExpressPathTemplate.parse(template).match(path);

    assertThat(String.valueOf(params)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} with {1} is {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/status/:code      | code=318            | /status/318",
        "/api/v1/:route     | route=users/nick    | /api/v1/users/nick",
        "/a/:b?             | ''                  | /a",
        "/a/:b?/c           | ''                  | /a/c",
        "/:file.:ext?       | file=report         | /report",
        "https://x.test/:id | id=7                | https://x.test/7",
      })
  void fillsParametersIn(String template, String params, String expected) {
    Map<String, String> values =
        params.isEmpty() ? Map.of() : Map.of(params.split("=")[0], params.split("=")[1]);

    assertThat(ExpressPathTemplate.parse(template).fill(values)).isEqualTo(expected);
  }

  @Test
  void aMissingRequiredParameterIsNamed() {
    ExpressPathTemplate template = ExpressPathTemplate.parse("/status/:code");

    assertThatThrownBy(() -> template.fill(Map.of("id", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'code'");
  }

  @Test
  void anInvalidParameterPatternIsRefused() {
    assertThatThrownBy(() -> ExpressPathTemplate.parse("/user/:id([)"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void literalTextIsKnownApartFromModifiers() {
    assertThat(ExpressPathTemplate.parse("/search?q=:term").hasLiteral('?')).isTrue();
    assertThat(ExpressPathTemplate.parse("/status/:code?").hasLiteral('?')).isFalse();
  }
}
