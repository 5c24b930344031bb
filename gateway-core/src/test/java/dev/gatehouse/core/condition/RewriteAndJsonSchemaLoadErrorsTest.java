package dev.gatehouse.core.condition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong parameters of {@code json-schema}, {@code pathmatch}, {@code regexpmatch} and {@code
 * rewrite} are refused when the configuration loads, by {@code gatehouse validate}, with the file,
 * line, YAML path, what is wrong and Express Gateway's error code.
 */
class RewriteAndJsonSchemaLoadErrorsTest {

  private static final String HEAD =
      """
      http: {port: 0}
      apiEndpoints:
        api: {paths: '/api/*'}
      policies: [rewrite, terminate]
      pipelines:
        api:
          apiEndpoints: [api]
          policies:
      """;

  @TempDir Path dir;

  /** Validates a configuration whose pipeline has {@code steps}; returns what was printed. */
  private String refused(String steps) throws IOException {
    Files.writeString(dir.resolve("gateway.config.yml"), HEAD + steps);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "validate",
            "--config-dir",
            dir.toString());
    assertThat(status).as(out.toString()).isEqualTo(1);
    return err.toString();
  }

  /** {@code gateway.config.yml:N:} for the line of {@code steps} that contains {@code marker}. */
  private static String lineOf(String steps, String marker) {
    List<String> lines = (HEAD + steps).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(marker)) {
        return "gateway.config.yml:" + (i + 1) + ":";
      }
    }
    throw new AssertionError("no line contains " + marker);
  }

  private static String terminateWhen(String condition) {
    return """
            - terminate:
                - condition: %s
                  action: {statusCode: 400}
        """
        .formatted(condition);
  }

  @Test
  void aJsonSchemaThatIsNotASchemaIsRefusedAtItsSchemaKey() throws IOException {
    String steps = terminateWhen("{name: json-schema, schema: {type: object, required: name}}");

    assertThat(refused(steps))
        .contains(lineOf(steps, "json-schema"))
        .contains("pipelines.api.policies[0].terminate[0].condition.schema")
        .contains("not a valid JSON Schema: schema/required")
        .contains("[CONDITION_PARAMS_VALIDATION_FAILED]");
  }

  @Test
  void aRemoteRefIsNamedAndNotFetched() throws IOException {
    String ref = "https://spec.openapis.org/oas/3.0/schema/2021-09-28#/definitions/Info";
    String steps = terminateWhen("{name: json-schema, schema: {$ref: '" + ref + "'}}");

    assertThat(refused(steps))
        .contains(lineOf(steps, "json-schema"))
        .contains("$ref '" + ref + "'")
        .contains("never fetches schemas over the network")
        .contains("[CONDITION_PARAMS_VALIDATION_FAILED]");
  }

  @Test
  void aLocalRefThatPointsToNothingIsRefused() throws IOException {
    String steps =
        terminateWhen(
            "{name: json-schema, schema: {properties: {a: {$ref: '#/definitions/nope'}}}}");

    assertThat(refused(steps))
        .contains(lineOf(steps, "json-schema"))
        .contains("/definitions/nope")
        .contains("[CONDITION_PARAMS_VALIDATION_FAILED]");
  }

  @Test
  void aRefToTheIdOfALaterConditionIsRefused() throws IOException {
    String steps =
        terminateWhen(
                "{name: json-schema, schema: {$ref: 'https://schemas.example.com/later.json'}}")
            + terminateWhen(
                "{name: json-schema, schema: {$id: 'https://schemas.example.com/later.json'}}");

    assertThat(refused(steps))
        .contains(lineOf(steps, "$ref"))
        .contains("pipelines.api.policies[0].terminate[0].condition.schema")
        .contains("no json-schema condition before this one declares");
  }

  @Test
  void anUnknownSchemaDialectIsRefused() throws IOException {
    String steps =
        terminateWhen("{name: json-schema, schema: {$schema: 'http://example.com/my-dialect'}}");

    assertThat(refused(steps)).contains("unknown $schema 'http://example.com/my-dialect'");
  }

  @Test
  void jsonSchemaNeedsASchemaAndAPositiveBodyLimit() throws IOException {
    String missing = terminateWhen("{name: json-schema}");
    String zero = terminateWhen("{name: json-schema, schema: {}, maxBodyBytes: 0}");

    assertThat(refused(missing)).contains("required property 'schema' missing");
    assertThat(refused(zero))
        .contains("condition.maxBodyBytes")
        .contains("must be >= 1")
        .contains("[CONDITION_PARAMS_VALIDATION_FAILED]");
  }

  @Test
  void theRewriteConditionsNeedAValidMatch() throws IOException {
    String regex = terminateWhen("{name: regexpmatch, match: '^/api/(['}");
    String path = terminateWhen("{name: pathmatch, match: '/api/:id([)'}");
    String missing = terminateWhen("{name: pathmatch}");

    assertThat(refused(regex))
        .contains(lineOf(regex, "regexpmatch"))
        .contains("condition.match")
        .contains("not a valid regular expression");
    assertThat(refused(path)).contains("condition.match").contains("not a valid Express path");
    assertThat(refused(missing)).contains("required property 'match' missing");
  }

  private static String rewrite(String action) {
    return """
            - rewrite:
                - condition: {name: pathmatch, match: '/api/:id'}
                  action: %s
        """
        .formatted(action);
  }

  @Test
  void rewriteNeedsItsTemplate() throws IOException {
    String steps = rewrite("{redirect: 302}");

    assertThat(refused(steps))
        .contains(lineOf(steps, "action"))
        .contains("pipelines.api.policies[0].rewrite[0].action")
        .contains("required property 'rewrite' missing")
        .contains("[POLICY_PARAMS_VALIDATION_FAILED]");
  }

  @Test
  void aRedirectIsA3xxStatus() throws IOException {
    assertThat(refused(rewrite("{rewrite: '/items/:id', redirect: 200}")))
        .contains("action.redirect")
        .contains("must be >= 300");
  }

  @Test
  void withoutRedirectARewriteCannotSetTheQueryOrLeaveTheGateway() throws IOException {
    assertThat(refused(rewrite("{rewrite: '/search?q=:id'}")))
        .contains("action.rewrite")
        .contains("has a query or fragment");
    assertThat(refused(rewrite("{rewrite: 'https://example.com/:id'}")))
        .contains("action.rewrite")
        .contains("add 'redirect'");
  }
}
