package dev.gatehouse.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Replacement strings behave as in JavaScript's String.prototype.replace with a RegExp. */
class RegexReplacementTest {

  @ParameterizedTest(name = "{1} on {0} with {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/js/app.js    | ^/js/(.*)$          | /src/js/$1        | /src/js/app.js",
        "/api/old/x    | /old/               | /new/             | /api/new/x",
        "/a/b          | b                   | [$&]              | /a/[b]",
        "/a/b/c        | /b                  | <$`+$'>           | /a</a+/c>/c",
        "/price        | price               | $$5               | /$5",
        "/a            | (a)                 | $2                | /$2",
        "/a            | (a)                 | $10               | /a0",
        "/v2/users     | /v(?<version>\\d)/  | /api/$<version>/  | /api/2/users",
        "/v2/users     | /v(\\d)/            | /$<version>/      | /$<version>/users",
        "/a            | (a)(z)?             | $1$2!             | /a!",
        "/a            | a                   | $                 | /$",
        "/a            | a                   | $0                | /$0",
      })
  void replacesTheFirstMatchAsJavaScriptDoes(
      String input, String regex, String replacement, String expected) {
    Matcher match = Pattern.compile(regex).matcher(input);
    assertThat(match.find()).isTrue();

    assertThat(RegexReplacement.parse(replacement).apply(match, input)).isEqualTo(expected);
  }
}
