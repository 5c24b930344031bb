package dev.gatehouse.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathPatternTest {

  /** The verified table of compat section 2.2.2, row by row. */
  @ParameterizedTest(name = "{0} on {1} matches: {2}")
  @CsvSource({
    "/api, /api, true",
    "/api, /api/, true",
    "/api, /API, true",
    "/api, /api/x, false",
    "/api/*, /api/, true",
    "/api/*, /api/a, true",
    "/api/*, /api/a/b, true",
    "/api/*, /api, false",
    "/api*, /api, true",
    "/api*, /apix, true",
    "/api*, /api/x/y, true",
    "/api/**, /api/, true",
    "/api/**, /api/a, true",
    "/api/**, /api/a/b, true",
    "/api/**, /api, false",
    "*, /, true",
    "*, /anything/at/all, true",
    "*, /API/x?y, true",
    "/users/:id, /users/1, true",
    "/users/:id, /users/1/, true",
    "/users/:id, /users, false",
    "/users/:id, /users/1/x, false",
    "/users/:id?, /users, true",
    "/users/:id?, /users/5, true",
    "/v1/*/x, /v1/a/x, true",
    "/v1/*/x, /v1/a/b/x, true"
  })
  void expressPathsMatchAsInTheVerifiedTable(String pattern, String path, boolean matches) {
    assertThat(PathPattern.express(pattern).match(path) != null).isEqualTo(matches);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api", "/api/*", "/api*", "/api/**", "*", "/users/:id", "/users/:id?"})
  void commonFormsMatchWithoutRegularExpression(String pattern) {
    assertThat(PathPattern.express(pattern).usesRegex()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/*/x", "/file-:name", "/:a:b", "/a.b/:c", "/:x/*.json", ""})
  void literalsParamsAndStarsInAnyArrangementMatchWithoutRegularExpression(String pattern) {
    assertThat(PathPattern.express(pattern).usesRegex()).isFalse();
  }

  @Test
  void namedParamsAreCaptured() {
    assertThat(PathPattern.express("/admin/:group/:id").match("/admin/ops/7"))
        .containsExactly(Map.entry("group", "ops"), Map.entry("id", "7"));
  }

  @Test
  void paramDoesNotIncludeTheOptionalTrailingSlash() {
    assertThat(PathPattern.express("/users/:id").match("/users/42/"))
        .containsExactly(entry("id", "42"));
  }

  @Test
  void optionalParamThatDidNotTakePartIsAbsent() {
    PathPattern pattern = PathPattern.express("/users/:id?");
    assertThat(pattern.match("/users")).isEmpty();
    assertThat(pattern.match("/users/")).isEmpty();
    assertThat(pattern.match("/users/5")).containsExactly(entry("id", "5"));
  }

  @Test
  void starsAreCapturedAsNumberedParams() {
    assertThat(PathPattern.express("/api/*").match("/api/a/b")).containsExactly(entry("0", "a/b"));
    assertThat(PathPattern.express("/v1/*/x").match("/v1/a/b/x"))
        .containsExactly(entry("0", "a/b"));
    assertThat(PathPattern.express("/api/**").match("/api/a"))
        .containsOnly(entry("0", "a"), entry("1", ""));
    assertThat(PathPattern.express("/:kind/*").match("/docs/x/y"))
        .containsOnly(entry("kind", "docs"), entry("0", "x/y"));
  }

  @Test
  void greedyStarKeepsTheTrailingSlashAsExpressDoes() {
    assertThat(PathPattern.express("/api/*").match("/api/a/")).containsExactly(entry("0", "a/"));
  }

  @Test
  void catchAllCapturesTheWholePath() {
    assertThat(PathPattern.express("*").match("/a/b/")).containsExactly(entry("0", "/a/b/"));
  }

  @Test
  void paramValuesArePercentDecodedLikeDecodeUriComponent() {
    PathPattern pattern = PathPattern.express("/files/:name");
    assertThat(pattern.match("/files/caf%C3%A9")).containsExactly(entry("name", "café"));
    assertThat(pattern.match("/files/a%2Fb")).containsExactly(entry("name", "a/b"));
    assertThat(pattern.match("/files/a+b%20c")).containsExactly(entry("name", "a+b c"));
    assertThat(pattern.match("/files/%F0%9F%90%88")).containsExactly(entry("name", "\uD83D\uDC08"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/files/%FF", "/files/%C0%AF", "/files/%E2%82", "/files/%ED%A0%80", "/files/%80"})
  void paramThatIsNotUtf8IsMalformed(String path) {
    assertThatThrownBy(() -> PathPattern.express("/files/:name").match(path))
        .isInstanceOf(MalformedPathException.class)
        .hasMessageContaining("not valid percent-encoded UTF-8");
  }

  @Test
  void undecodableTextOutsideParamsDoesNotMatter() {
    assertThat(PathPattern.express("/x%ff/:id").match("/X%FF/1")).containsExactly(entry("id", "1"));
  }

  @Test
  void starCaptureIsAParamAndIsDecodedToo() {
    assertThat(PathPattern.express("/files/*").match("/files/a%20b"))
        .containsExactly(entry("0", "a b"));
    assertThatThrownBy(() -> PathPattern.express("/files/*").match("/files/%FF"))
        .isInstanceOf(MalformedPathException.class);
  }

  @Test
  void repeatedParamNameKeepsTheLastValue() {
    assertThat(PathPattern.express("/:id/:id").match("/a/b")).containsExactly(entry("id", "b"));
  }

  @Test
  void paramsAreImmutable() {
    Map<String, String> params = PathPattern.express("/users/:id").match("/users/1");
    assertThatThrownBy(() -> params.put("id", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void trailingSlashInThePatternIsOptional() {
    PathPattern pattern = PathPattern.express("/api/");
    assertThat(pattern.match("/api")).isEmpty();
    assertThat(pattern.match("/api/")).isEmpty();
    assertThat(pattern.match("/api//")).isNull();
  }

  @Test
  void rootPatternMatchesOnlyTheRoot() {
    assertThat(PathPattern.express("/").match("/")).isEmpty();
    assertThat(PathPattern.express("/").match("/a")).isNull();
  }

  @Test
  void customParamRegexFallsBackToTheExpressRegularExpression() {
    PathPattern pattern = PathPattern.express("/users/:id(\\d+)");
    assertThat(pattern.usesRegex()).isTrue();
    assertThat(pattern.match("/users/42")).containsExactly(entry("id", "42"));
    assertThat(pattern.match("/users/abc")).isNull();
  }

  @Test
  void formatParamSplitsAtTheDot() {
    PathPattern pattern = PathPattern.express("/:file.:ext");
    assertThat(pattern.match("/report.pdf"))
        .containsOnly(entry("file", "report"), entry("ext", "pdf"));
  }

  @Test
  void regularExpressionSyntaxInTheTextKeepsItsExpressMeaning() {
    PathPattern pattern = PathPattern.express("/colou?r");
    assertThat(pattern.match("/color")).isEmpty();
    assertThat(pattern.match("/colour")).isEmpty();
    assertThat(pattern.leadingLiteral()).isNull();
  }

  @Test
  void paramsSharingASegmentFollowPathToRegexp012() {
    // 0.1.12 forbids the text between two params inside the second one.
    assertThat(PathPattern.express("/:from-:to").match("/a-b-c"))
        .containsOnly(entry("from", "a-b"), entry("to", "c"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a(b", "/users/:id(\\d+", "/x/{2"})
  void expressPathWhoseTranslationDoesNotCompileIsRejected(String pattern) {
    assertThatThrownBy(() -> PathPattern.express(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid Express route path");
  }

  @Test
  void pathRegexIsUnanchoredAndCaseSensitive() {
    PathPattern pattern = PathPattern.regex("/wild-cats$");
    assertThat(pattern.match("/wild-cats")).isEmpty();
    assertThat(pattern.match("/zoo/wild-cats")).isEmpty();
    assertThat(pattern.match("/wild-cats/x")).isNull();
    assertThat(pattern.match("/WILD-CATS")).isNull();
    assertThat(pattern.usesRegex()).isTrue();
    assertThat(pattern.leadingLiteral()).isNull();
  }

  @Test
  void pathRegexGroupsAreNamedByNameElseByPosition() {
    PathPattern pattern = PathPattern.regex("^/v(?<version>\\d+)/(.*)/(x)?");
    assertThat(pattern.match("/v2/a/b/")).containsExactly(entry("version", "2"), entry("0", "a/b"));
  }

  @Test
  void invalidPathRegexIsRejected() {
    assertThatThrownBy(() -> PathPattern.regex("/a(["))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pathRegex '/a([' is not a valid regular expression");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      value = {
        "/api, api",
        "/API/*, api",
        "/api/, api",
        "/users/:id, users",
        "/users/:id?, users",
        "/users/:id(\\d+), users",
        "/v1.2/x, v1.2",
        "/a/b/c, a",
        "/api*, NULL",
        "/api-:id, NULL",
        "/:id, NULL",
        "*, NULL",
        "/, NULL",
        "'', NULL",
        "/*, NULL",
        "/api/v?, api",
        "/api/?x, NULL",
        "/a|/b, NULL",
        "/.:ext, NULL",
        "/x/(a|b), NULL"
      },
      nullValues = "NULL")
  void leadingLiteralIsTheFirstSegmentEveryMatchStartsWith(String pattern, String leading) {
    assertThat(PathPattern.express(pattern).leadingLiteral()).isEqualTo(leading);
  }

  @Test
  void sourceIsThePatternAsConfigured() {
    assertThat(PathPattern.express("/Users/:id").source()).isEqualTo("/Users/:id");
    assertThat(PathPattern.regex("^/x").source()).isEqualTo("^/x");
  }

  private static Map.Entry<String, String> entry(String key, String value) {
    return Map.entry(key, value);
  }
}
