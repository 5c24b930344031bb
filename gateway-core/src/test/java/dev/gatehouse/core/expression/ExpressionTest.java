package dev.gatehouse.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.PolicyConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The expression engine: EG's context, evaluation, load-time errors, bounds. */
class ExpressionTest {

  private static String text(String source, StubExchange exchange) throws CompileError {
    return Expression.of(source).evaluateText(EgContext.of(exchange));
  }

  private static String text(String source) throws CompileError {
    return text(source, ExampleRequest.authenticated());
  }

  private static CompileError refused(String source) {
    try {
      Expression.of(source);
    } catch (CompileError e) {
      return e;
    }
    throw new AssertionError("compiled: " + source);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "req.method | POST",
        "req.url | /v1/orders?page=2&tag=a&tag=b",
        "req.originalUrl | /v1/orders?page=2&tag=a&tag=b",
        "req.path | /v1/orders",
        "req.headers['x-api-key'] | k1",
        "req.headers.host | api.example.com:8080",
        "req.query.page | 2",
        "req.query.tag | a,b",
        "req.ip | 203.0.113.7",
        "req.hostname | api.example.com",
        "req.host | api.example.com",
        "req.protocol | http",
        "req.params | {}",
        "req.user.id | u-42",
        "consumer.id | u-42",
        "consumer.type | user",
        "consumer.name | alice",
        "consumer.scopes | admin,orders:read",
        "consumer.token.scopes | admin,orders:read",
        "consumer.email | alice@example.com",
        "consumer.properties.email | alice@example.com",
        "consumer.credential.type | NULL",
        "apiEndpoint.name | orders",
        "apiEndpoint.apiEndpointName | orders",
        "apiEndpoint.host | api.example.com",
        "apiEndpoint.scopes | orders:read",
        "requestID | req-1",
        "egContext.req.method | POST",
        "egContext.consumer.id | u-42",
        "egContext.apiEndpoint.name | orders",
        "egContext.requestID | req-1",
      })
  void theContextHasExpressGatewaysNames(String source, String value) throws CompileError {
    assertThat(text(source)).isEqualTo(value);
  }

  @Test
  void urlFollowsARewriteWhileOriginalUrlKeepsWhatTheClientSent() throws CompileError {
    StubExchange exchange = ExampleRequest.authenticated();
    exchange.setPath("/v2/orders");

    assertThat(text("req.url", exchange)).isEqualTo("/v2/orders?page=2&tag=a&tag=b");
    assertThat(text("req.originalUrl", exchange)).isEqualTo("/v1/orders?page=2&tag=a&tag=b");
  }

  @Test
  void repeatedHeadersAreJoinedAsNodeJoinsThem() throws CompileError {
    StubExchange exchange =
        ExampleRequest.anonymous()
            .header("accept", "text/html")
            .header("Accept", "application/json")
            .header("cookie", "a=1")
            .header("cookie", "b=2");

    assertThat(text("req.headers.accept", exchange)).isEqualTo("text/html, application/json");
    assertThat(text("req.headers.cookie", exchange)).isEqualTo("a=1; b=2");
  }

  @Test
  void withoutAConsumerConsumerAndUserAreNull() throws CompileError {
    StubExchange anonymous = ExampleRequest.anonymous();

    assertThat(text("consumer == null && req.user == null", anonymous)).isEqualTo("true");
    assertThatThrownBy(() -> text("consumer.id", anonymous))
        .isInstanceOf(EvaluationException.class)
        .hasMessageStartingWith("`consumer.id`: ");
  }

  @Test
  void claimsAndPropertiesOfAnyJsonTypeAreUsable() throws CompileError {
    StubExchange exchange =
        ExampleRequest.anonymous()
            .consumer(
                ConsumerIdentity.builder("app-1", ConsumerIdentity.APPLICATION)
                    .claims(
                        Map.of(
                            "level",
                            3,
                            "ratio",
                            0.5f,
                            "groups",
                            new JsonArray().add("a").add("b"),
                            "address",
                            new JsonObject().put("city", "Oslo")))
                    .build());

    assertThat(text("consumer.claims.level + 1", exchange)).isEqualTo("4");
    assertThat(text("consumer.claims.ratio * 2.0", exchange)).isEqualTo("1");
    assertThat(text("'b' in consumer.claims.groups", exchange)).isEqualTo("true");
    assertThat(text("consumer.claims.address.city", exchange)).isEqualTo("Oslo");
    assertThat(text("consumer.name == null", exchange)).isEqualTo("true");
  }

  @Test
  void onlyWhatAnExpressionReadsIsBuilt() throws CompileError {
    StubExchange exchange = ExampleRequest.authenticated();

    Expression.of("req.method == 'POST' && requestID != ''").test(EgContext.of(exchange));
    assertThat(exchange.headerReads()).isZero();

    Expression.of("'x-api-key' in req.headers").test(EgContext.of(exchange));
    assertThat(exchange.headerReads()).isPositive();
  }

  @Test
  void valuesRenderAsAJavaScriptTemplateWould() throws CompileError {
    assertThat(text("3.0")).isEqualTo("3");
    assertThat(text("2.5")).isEqualTo("2.5");
    assertThat(text("['a', null, 1]")).isEqualTo("a,,1");
    assertThat(text("{'a': 1}")).isEqualTo("{\"a\":1}");
    assertThat(text("b'hi'")).isEqualTo("hi");
    assertThat(text("duration('1.5s')")).isEqualTo("1.5s");
    assertThat(text("timestamp('2024-01-01T00:00:00Z')")).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(text("req.headers[?'x-none']")).isNull();
    assertThat(text("null")).isNull();
  }

  @Test
  void jsonValuesKeepTheirTypes() throws CompileError {
    EgContext context = EgContext.of(ExampleRequest.authenticated());

    assertThat(Expression.of("1 + 1").evaluateJson(context)).isEqualTo(2L);
    assertThat(Expression.of("consumer.scopes").evaluateJson(context))
        .isEqualTo(new JsonArray().add("admin").add("orders:read"));
    assertThat(Expression.of("{'n': 1, 'm': {'x': true}}").evaluateJson(context))
        .isEqualTo(new JsonObject().put("n", 1L).put("m", new JsonObject().put("x", true)));
    assertThat(Expression.of("b'hi'").evaluateJson(context)).isEqualTo("aGk=");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "req.url = '/v2' + req.url | the rewrite policy changes the URL",
        "req.headers.x = 'y' | the request-transformer policy changes headers",
        "req.method === 'GET' | `===`: write ==",
        "req.method !== 'GET' | `!==`: write !=",
        "a => a | `=>`: there are no functions",
        "function() { return 1 } | `function`: functions cannot be declared",
        "var x = 1 | `var`: variables cannot be declared",
        "const x = 1 | `const`: variables cannot be declared",
        "new Date() | `new`: CEL builds values with literals",
        "`${req.url}` | template literals",
        "req.method; 1 | `;`: there are no statements",
        "process.exit(1) | `process`: Node.js is not available",
        "require('fs') | `require`: Node.js is not available",
        "req.headers['user-agent'].toLowerCase() | write x.lowerAscii()",
        "req.url.includes('/a') | write x.contains(y)",
        "/^a/.test(req.url) | `/regex/`: write x.matches('regex')",
        "req.headers.a ?? 'b' | `??`: write req.headers[?'name'].orValue('default')",
        "req.headers['x'] !== undefined | 'name' in req.headers",
        "parseInt(req.query.page) | `parseInt`: write int(x)",
        "req.url.length | x.length is JavaScript",
        "req.headers['X-Api-Key'] | write req.headers['x-api-key']",
        "req.metod | req has no field 'metod' at column 4",
        "req.body.a | request-transformer and response-transformer change bodies",
        "egContext.res | egContext has no field 'res'",
        "req.user && req.user.admin | write req.user != null",
        "!req.headers['x-a'] | write 'x-a' in req.headers",
        "req.path.matches('(') | the regular expression '(' does not compile",
        "'n=' + 1 | write 'n=' + string(n)",
        "world | text is quoted: 'world'",
        "req.method == | the expression ends too early",
      })
  void javaScriptAndMistakesAreRefusedWithTheFix(String source, String fix) {
    assertThat(refused(source).detail()).contains(fix);
  }

  @Test
  void conditionsMustBeBools() {
    assertThatThrownBy(() -> Expression.compileCondition("1 + 1", "expression"))
        .isInstanceOf(PolicyConfigException.class)
        .hasMessageContaining("a condition must be a bool, and this is int")
        .extracting(e -> ((PolicyConfigException) e).path())
        .isEqualTo("expression");
    assertThatThrownBy(() -> Expression.compileCondition("req.headers['x-a']", "expression"))
        .hasMessageContaining("write 'x-a' in req.headers");

    Expression dynamic = Expression.compileCondition("consumer.email", "expression");
    EgContext context = EgContext.of(ExampleRequest.authenticated());
    assertThatThrownBy(() -> dynamic.test(context))
        .hasMessageContaining("yields a string, not a bool");
  }

  @Test
  void evaluationErrorsNameTheExpressionAndColumnButNoRequestValue() throws CompileError {
    Expression parse = Expression.of("int(req.headers['x-api-key']) > 1");
    Expression missing = Expression.of("req.headers['x-tenant'] == 'acme'");
    EgContext context = EgContext.of(ExampleRequest.authenticated());

    assertThatThrownBy(() -> parse.test(context))
        .hasMessageStartingWith("`int(req.headers['x-api-key']) > 1`: ")
        .hasMessageNotContaining("k1");
    assertThatThrownBy(() -> missing.test(context))
        .hasMessage(
            "`req.headers['x-tenant'] == 'acme'`: no key 'x-tenant' in the map at column 12");
  }

  @Test
  void comprehensionsShareABudgetOfAThousandIterations() throws CompileError {
    String ten = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
    Expression within = Expression.of(ten + ".map(a, " + ten + ".map(b, a * b))");
    Expression beyond =
        Expression.of(ten + ".map(a, " + ten + ".map(b, " + ten + ".map(c, a * b * c)))");
    EgContext context = EgContext.of(ExampleRequest.anonymous());

    assertThat((java.util.List<?>) within.evaluate(context)).hasSize(10);
    assertThatThrownBy(() -> beyond.evaluate(context))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("budget");
  }

  @Test
  void regularExpressionsAreRe2AndCannotBacktrackForever() throws CompileError {
    StubExchange exchange = ExampleRequest.anonymous().header("x-long", "a".repeat(50_000) + "!");
    Expression catastrophic = Expression.of("req.headers['x-long'].matches('^(a+)+$')");

    boolean matched =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> catastrophic.test(EgContext.of(exchange)));
    assertThat(matched).isFalse();
  }

  @Test
  void sizeDepthAndRegularExpressionsAreBounded() {
    assertThat(refused("1 + ".repeat(2000) + "1").detail()).contains("longer than 4096");
    assertThat(refused("(".repeat(40) + "1" + ")".repeat(40)).detail()).isNotEmpty();
    assertThat(refused("req.path.matches('" + "a{1000}".repeat(6) + "')").detail())
        .contains("more than the 5000 allowed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "'A b '.lowerAscii().upperAscii().trim().replace('B', 'c').split(' ').join('-') == 'A-c'",
        "'abc'.substring(1, 2) == 'b' && 'abc'.charAt(0) == 'a' && 'abca'.lastIndexOf('a') == 3",
        "'abc'.indexOf('c') == 2 && strings.quote('a') == '\"a\"' && 'ab'.reverse() == 'ba'",
        "math.greatest(1, 5) == 5 && math.least(1, 5) == 1 && math.ceil(1.2) == 2.0",
        "math.floor(1.8) == 1.0 && math.round(1.5) == 2.0 && math.trunc(-1.5) == -1.0",
        "math.abs(-2) == 2 && math.sign(-2) == -1 && math.sqrt(4) == 2.0",
        "math.isNaN(0.0 / 0.0) && math.isInf(1.0 / 0.0) && math.isFinite(1.0)",
        "math.bitAnd(6, 3) == 2 && math.bitOr(4, 1) == 5",
        "[1, 2, 3].slice(1, 2) == [2] && [[1], [2]].flatten() == [1, 2] && [1, 1].distinct() == [1]",
        "[1, 2].reverse() == [2, 1] && [2, 1].sort() == [1, 2]",
        "sets.contains([1, 2], [1]) && sets.equivalent([1, 2], [2, 1]) && sets.intersects([1], [1])",
        "base64.decode(base64.encode(b'hi')) == b'hi'",
        "[1, 2].all(x, x > 0) && [1, 2].exists_one(x, x == 2) && [1, 2].filter(x, x > 1) == [2]",
        "has(consumer.email) && consumer.?email.orValue('') != '' && optional.none().orValue(1) == 1",
        "type(req.method) == string && int('2') + 1 == 3 && string(2) == '2' && bool('true')",
      })
  void theDocumentedFunctionsAreAvailable(String source) throws CompileError {
    assertThat(text(source)).isEqualTo("true");
  }

  @Test
  void listsRangeIsLeftOut() {
    assertThat(refused("lists.range(1000000000)").detail()).contains("unknown name");
  }
}
