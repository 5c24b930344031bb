package dev.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a configuration can be wrong is reported by {@code gatehouse validate} with the file,
 * line, column and YAML path, the Express Gateway code where EG has one, and exit status 1.
 */
class ConfigErrorReportingTest {

  @TempDir Path dir;

  private record Result(int status, String out, String err) {}

  private Result validate(String gateway, String system) throws IOException {
    Files.writeString(dir.resolve("gateway.config.yml"), gateway);
    if (system != null) {
      Files.writeString(dir.resolve("system.config.yml"), system);
    }
    return validateDirectory();
  }

  /** {@code gatehouse validate} on the configuration directory as the test left it. */
  private Result validateDirectory() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "validate",
            "--config-dir",
            dir.toString());
    return new Result(status, out.toString(), err.toString());
  }

  private Result validate(String gateway) throws IOException {
    return validate(gateway, null);
  }

  /** A configuration up to the steps of its one proxy policy. */
  private static final String PROXY_PIPELINE =
      """
      http: {port: 0}
      apiEndpoints:
        api: {paths: '/api/*'}
      serviceEndpoints:
        backend: {url: 'http://127.0.0.1:1'}
      policies: [proxy]
      pipelines:
        api:
          apiEndpoints: [api]
          policies:
            - proxy:
      """;

  private static final String VALID =
      PROXY_PIPELINE
          + """
                - action: {serviceEndpoint: backend}
      """;

  @Test
  void aValidConfigurationPasses() throws IOException {
    Result result = validate(VALID);

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out()).contains("configuration OK");
  }

  @Test
  void yamlSyntaxErrorsNameLineAndColumn() throws IOException {
    Result result = validate("http:\n  port: 0\napiEndpoints:\n  api: {paths: [/x\n");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).containsPattern("gateway\\.config\\.yml:\\d+:\\d+");
  }

  @Test
  void duplicateKeysAreErrors() throws IOException {
    Result result = validate("http: {port: 0}\nhttp: {port: 1}\n");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("gateway.config.yml:2:").containsIgnoringCase("duplicate");
  }

  @Test
  void schemaViolationsNameTheKey() throws IOException {
    Result result = validate("http: {port: not-a-port}\n");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("gateway.config.yml:1:").contains("http.port");
  }

  @Test
  void aPolicyMissingFromTheWhitelistIsPolicyNotDeclared() throws IOException {
    Result result = validate(VALID.replace("policies: [proxy]", "policies: []"));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .contains("gateway.config.yml:11:")
        .contains("pipelines.api.policies[0].proxy")
        .contains("[POLICY_NOT_DECLARED]");
  }

  @Test
  void anUnknownPolicyIsPolicyNotFound() throws IOException {
    Result result =
        validate(
            VALID
                .replace("policies: [proxy]", "policies: [proxy, teleport]")
                .replace("- proxy:\n", "- teleport:\n"));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .contains("pipelines.api.policies[0].teleport")
        .contains("no built-in or plugin provides policy 'teleport'")
        .contains("[POLICY_NOT_FOUND]");
  }

  @Test
  void anActionFailingItsSchemaIsPolicyParamsValidationFailed() throws IOException {
    Result result =
        validate(
            VALID.replace(
                "{serviceEndpoint: backend}", "{serviceEndpoint: backend, changeOrigin: maybe}"));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .contains("gateway.config.yml:12:")
        .contains("pipelines.api.policies[0].proxy[0].action.changeOrigin")
        .contains("[POLICY_PARAMS_VALIDATION_FAILED]");
  }

  private static final String CONDITIONED =
      PROXY_PIPELINE
          + """
                - condition:
                    name: allOf
                    conditions:
                      - {name: always}
                      - {name: method, methods: GET}
                  action: {serviceEndpoint: backend}
      """;

  @Test
  void anUnknownConditionIsConditionNotFound() throws IOException {
    Result result = validate(CONDITIONED.replace("name: allOf", "name: sometimes"));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .contains("gateway.config.yml:13:")
        .contains("pipelines.api.policies[0].proxy[0].condition.name")
        .contains("no built-in or plugin provides condition 'sometimes'")
        .contains("[CONDITION_NOT_FOUND]");
  }

  @Test
  void nestedConditionErrorsPointAtTheNestedCondition() throws IOException {
    Result result = validate(CONDITIONED.replace("methods: GET", "methods: FETCH"));

    assertThat(result.status()).as(result.err()).isEqualTo(1);
    assertThat(result.err())
        .contains("gateway.config.yml:16:")
        .contains("pipelines.api.policies[0].proxy[0].condition.conditions[1]")
        .contains("[CONDITION_PARAMS_VALIDATION_FAILED]");
  }

  @Test
  void serviceEndpointsNeedExactlyOneOfUrlAndUrls() throws IOException {
    Result result =
        validate(
            VALID.replace(
                "backend: {url: 'http://127.0.0.1:1'}",
                "backend: {url: 'http://a', urls: ['http://b']}"));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .contains("gateway.config.yml:5:")
        .contains("serviceEndpoints.backend")
        .contains("exactly one of 'url' and 'urls'");
  }

  @Test
  void aServiceEndpointUrlMustBeHttp() throws IOException {
    Result result = validate(VALID.replace("http://127.0.0.1:1", "ftp://files"));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("serviceEndpoints.backend.url").contains("ftp://files");
  }

  @Test
  void invalidPathAndHostRegularExpressionsNameTheirKeys() throws IOException {
    Result result =
        validate(
            VALID.replace(
                "api: {paths: '/api/*'}", "api: {pathRegex: '([unclosed', hostRegex: '(a'}"));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("apiEndpoints.api.hostRegex");
  }

  @Test
  void everyErrorIsReportedNotJustTheFirst() throws IOException {
    Result result =
        validate(
            CONDITIONED
                .replace("policies: [proxy]", "policies: [proxy, terminate]")
                .replace("name: allOf", "name: sometimes")
                .replace(
                    "    policies:\n      - proxy:",
                    "    policies:\n      - terminate: {action: {statusCode: nine}}\n      - proxy:"));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .contains("[POLICY_PARAMS_VALIDATION_FAILED]")
        .contains("[CONDITION_NOT_FOUND]")
        .contains("2 errors");
  }

  @Test
  void environmentVariablesAreSubstitutedBeforeParsing() throws IOException {
    Result result = validate(VALID.replace("http: {port: 0}", "http: {port: ${NO_SUCH_PORT:-0}}"));

    assertThat(result.status()).as(result.err()).isZero();
  }

  @Test
  void aMissingGatewayConfigIsNamed() throws IOException {
    Files.writeString(dir.resolve("system.config.yml"), "");

    Result result = validateDirectory();

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("no gateway.config.yml or gateway.config.json");
  }

  @Test
  void systemConfigErrorsNameTheirFile() throws IOException {
    Result result = validate(VALID, "logging:\n  format: xml\n");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("system.config.yml:2:").contains("logging.format");
  }

  @Test
  void theJsonFallbackIsReadWhenNoYamlExists() throws IOException {
    Files.writeString(
        dir.resolve("gateway.config.json"), "{\"http\": {\"port\": 0}, \"policies\": []}");

    Result result = validateDirectory();

    assertThat(result.status()).isZero();
    assertThat(result.out()).contains("configuration OK");
  }
}
