package dev.gatehouse.core.plugin;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.StartupException;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.TestPluginJar;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** PF4J plugin loading with real jars in a plugins folder, and each way a jar is refused. */
@ExtendWith(BlockedThreadGuard.class)
class PluginLoadingTest {

  private static final String GREETER_CONFIG =
      """
      http: {port: 0}
      admin: {port: 0}
      apiEndpoints:
        hello: {paths: /hello}
      policies: [greet]
      pipelines:
        hello:
          apiEndpoints: [hello]
          policies:
            - greet:
      """;

  @TempDir Path dir;
  private Path plugins;
  private Vertx vertx;
  private Http http;

  @BeforeEach
  void setUp() {
    plugins = dir.resolve("plugins");
    vertx = Vertx.vertx();
    http = new Http(vertx);
  }

  @AfterEach
  void tearDown() {
    http.close();
    join(vertx.close());
  }

  private GatewayFixture.Builder gateway(String config) {
    return GatewayFixture.config(dir.resolve("config")).gateway(config).plugins(List.of(plugins));
  }

  @Test
  void aPluginPolicyServesThroughAPipelineAndIsListedByTheAdminApi() throws Exception {
    TestPluginJar.answeringPolicy("greeter", "greet", "hello from a plugin").writeTo(plugins);

    try (GatewayFixture gateway = gateway(GREETER_CONFIG).start()) {
      Reply reply = join(http.get(gateway.port(), "/hello"));
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.text()).isEqualTo("hello from a plugin");

      JsonObject greeter =
          join(http.get(gateway.adminPort(), "/plugins")).json().getJsonArray("plugins").stream()
              .map(JsonObject.class::cast)
              .filter(p -> p.getString("id").equals("greeter"))
              .findFirst()
              .orElseThrow();
      assertThat(greeter.getString("version")).isEqualTo("1.0.0");
      assertThat(greeter.getJsonArray("policies").getList()).containsExactly("greet");
      assertThat(greeter.getString("jar")).isEqualTo("greeter.jar");
    }
  }

  @Test
  void aJarThatIsNotAPluginStopsTheStartNamingTheJar() throws IOException {
    TestPluginJar.named("x").manifest("Plugin-Id", null).fileName("library.jar").writeTo(plugins);

    assertThatThrownBy(() -> gateway(GREETER_CONFIG).start())
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("library.jar")
        .hasMessageContaining("not a Gatehouse plugin");
  }

  @Test
  void aFileThatIsNotEvenAJarIsNamed() throws IOException {
    Files.createDirectories(plugins);
    Files.writeString(plugins.resolve("broken.jar"), "not a zip");

    assertThatThrownBy(() -> gateway(GREETER_CONFIG).start())
        .hasMessageContaining("broken.jar")
        .hasMessageContaining("not a readable jar");
  }

  @Test
  void aPluginForAnotherApiVersionIsRefused() {
    TestPluginJar.answeringPolicy("future", "greet", "x")
        .manifest("Plugin-Requires", ">=2.0.0")
        .writeTo(plugins);

    assertThatThrownBy(() -> gateway(GREETER_CONFIG).start())
        .hasMessageContaining("future.jar")
        .hasMessageContaining("requires plugin API >=2.0.0")
        .hasMessageContaining("provides 1.0.0");
  }

  @Test
  void aPluginWithoutPluginRequiresIsRefused() {
    TestPluginJar.answeringPolicy("vague", "greet", "x")
        .manifest("Plugin-Requires", null)
        .writeTo(plugins);

    assertThatThrownBy(() -> gateway(GREETER_CONFIG).start())
        .hasMessageContaining("vague.jar")
        .hasMessageContaining("Plugin-Requires");
  }

  @Test
  void twoPluginsClaimingOnePolicyNameAreRefused() {
    TestPluginJar.answeringPolicy("greeter-a", "greet", "a").writeTo(plugins);
    TestPluginJar.answeringPolicy("greeter-b", "greet", "b").writeTo(plugins);

    assertThatThrownBy(() -> gateway(GREETER_CONFIG).start())
        .hasMessageContaining("greeter-b.jar")
        .hasMessageContaining("policy 'greet' is already provided by greeter-a.jar");
  }

  @Test
  void aPluginCannotReplaceABuiltInPolicy() {
    TestPluginJar.answeringPolicy("hijack", "proxy", "x").writeTo(plugins);

    assertThatThrownBy(() -> gateway(GREETER_CONFIG).start())
        .hasMessageContaining("hijack.jar")
        .hasMessageContaining("'proxy' is already provided by built-in");
  }

  @Test
  void twoJarsWithOnePluginIdAreRefused() {
    TestPluginJar.answeringPolicy("same", "greet", "a").fileName("same-1.jar").writeTo(plugins);
    TestPluginJar.answeringPolicy("same", "hello", "b").fileName("same-2.jar").writeTo(plugins);

    assertThatThrownBy(() -> gateway(GREETER_CONFIG).start())
        .hasMessageContaining("same-2.jar")
        .hasMessageContaining("plugin id 'same' is already used by");
  }

  @Test
  void anExtensionThatCannotBeCreatedIsNamedWithItsJar() {
    TestPluginJar.named("faulty")
        .source(
            "test.faulty.Faulty",
            """
            package test.faulty;
            import dev.gatehouse.api.*;
            import io.vertx.core.json.JsonObject;
            public final class Faulty implements PolicyFactory<JsonObject> {
              public Faulty() { throw new IllegalStateException("no licence key"); }
              public String name() { return "faulty"; }
              public Class<JsonObject> configType() { return JsonObject.class; }
              public Policy create(JsonObject a, PolicyContext c) { return null; }
            }
            """)
        .extension("test.faulty.Faulty")
        .writeTo(plugins);

    assertThatThrownBy(() -> gateway(GREETER_CONFIG).start())
        .hasMessageContaining("faulty.jar")
        .hasMessageContaining("no licence key");
  }

  @Test
  void librariesAPluginBundlesStayPrivateToIt() throws Exception {
    // Both plugins bundle their own class test.shared.Lib with different answers.
    for (String id : List.of("left", "right")) {
      TestPluginJar.named(id)
          .source(
              "test.shared.Lib",
              "package test.shared; public final class Lib { public static String who() { return \""
                  + id
                  + "\"; } }")
          .source(
              "test." + id + ".Who",
              """
              package test.%s;
              import dev.gatehouse.api.*;
              import io.vertx.core.json.JsonObject;
              public final class Who implements PolicyFactory<JsonObject> {
                public String name() { return "%s"; }
                public Class<JsonObject> configType() { return JsonObject.class; }
                public Policy create(JsonObject a, PolicyContext c) {
                  return exchange -> Outcome.respond(Response.of(200).text(test.shared.Lib.who()));
                }
              }
              """
                  .formatted(id, id))
          .extension("test." + id + ".Who")
          .writeTo(plugins);
    }
    String config =
        """
        http: {port: 0}
        apiEndpoints:
          left: {paths: /left}
          right: {paths: /right}
        policies: [left, right]
        pipelines:
          left: {apiEndpoints: [left], policies: [{left: }]}
          right: {apiEndpoints: [right], policies: [{right: }]}
        """;

    try (GatewayFixture gateway = gateway(config).start()) {
      assertThat(join(http.get(gateway.port(), "/left")).text()).isEqualTo("left");
      assertThat(join(http.get(gateway.port(), "/right")).text()).isEqualTo("right");
    }
  }

  /** A plugin with a policy whose action needs a string {@code greeting}, and settings. */
  private static TestPluginJar schemaPlugin() {
    return TestPluginJar.named("strict")
        .source(
            "test.strict.Strict",
            """
            package test.strict;
            import dev.gatehouse.api.*;
            import io.vertx.core.json.JsonObject;
            public final class Strict implements PolicyFactory<JsonObject> {
              public String name() { return "greet"; }
              public JsonObject actionSchema() {
                return new JsonObject("{\\"type\\":\\"object\\",\\"required\\":[\\"greeting\\"],"
                    + "\\"properties\\":{\\"greeting\\":{\\"type\\":\\"string\\"}}}");
              }
              public Class<JsonObject> configType() { return JsonObject.class; }
              public Policy create(JsonObject a, PolicyContext c) {
                String text = c.pluginSettings().getString("prefix") + a.getString("greeting");
                return exchange -> Outcome.respond(Response.of(200).text(text));
              }
            }
            """)
        .source(
            "test.strict.Settings",
            """
            package test.strict;
            import dev.gatehouse.api.*;
            import io.vertx.core.json.JsonObject;
            public final class Settings implements PluginSettingsSchema {
              public JsonObject schema() {
                return new JsonObject("{\\"type\\":\\"object\\","
                    + "\\"properties\\":{\\"prefix\\":{\\"type\\":\\"string\\",\\"default\\":\\">> \\"}}}");
              }
            }
            """)
        .extension("test.strict.Strict")
        .extension("test.strict.Settings");
  }

  private static final String STRICT_CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        hello: {paths: /hello}
      policies: [greet]
      pipelines:
        hello:
          apiEndpoints: [hello]
          policies:
            - greet:
                - action: {greeting: %s}
      """;

  @Test
  void aPluginPolicyGetsItsValidatedActionAndItsSettingsWithDefaults() throws Exception {
    schemaPlugin().writeTo(plugins);

    try (GatewayFixture gateway = gateway(STRICT_CONFIG.formatted("hi")).start()) {
      assertThat(join(http.get(gateway.port(), "/hello")).text()).isEqualTo(">> hi");
    }
  }

  @Test
  void aPluginPolicyActionFailingItsSchemaStopsTheStart() {
    schemaPlugin().writeTo(plugins);

    assertThatThrownBy(() -> gateway(STRICT_CONFIG.formatted("[not, a, string]")).start())
        .hasMessageContaining("gateway.config.yml:10:")
        .hasMessageContaining("pipelines.hello.policies[0].greet[0].action.greeting")
        .hasMessageContaining("[POLICY_PARAMS_VALIDATION_FAILED]");
  }

  @Test
  void pluginSettingsFailingThePluginSchemaStopTheStart() {
    schemaPlugin().writeTo(plugins);

    assertThatThrownBy(
            () ->
                gateway(STRICT_CONFIG.formatted("hi"))
                    .system("plugins:\n  strict:\n    prefix: [1, 2]\n")
                    .start())
        .hasMessageContaining("system.config.yml:3:")
        .hasMessageContaining("plugins.strict.prefix");
  }
}
