package dev.gatehouse.core.admin;

import static dev.gatehouse.core.admin.AdminAssertions.assertProblem;
import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.ConfigFiles;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.TestBackend;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration endpoints on the wire (compat 5.3 and section 7 item 28): writes edit only the
 * affected entry of gateway.config.yml, are validated completely first, and are live when answered.
 * The file watcher is off, so what becomes live was applied by the Admin API itself.
 */
@ExtendWith(BlockedThreadGuard.class)
class ConfigEndpointsTest {

  private static final String CONFIG =
      """
      # Gateway under test: comments and layout must survive admin writes.
      http: {port: 0}
      admin: {port: 0}

      apiEndpoints:
        # the public API
        api:
          host: '*'
          paths: '/api/*'   # everything under /api
        legacy: {paths: /legacy}    # kept for old clients

      serviceEndpoints:
        backend:
          url: '${BACKEND}'   # set by the test

      policies:
        - proxy
        - terminate   # for legacy
        - test-echo

      pipelines:
        api:
          apiEndpoints: [api]
          policies:
            - proxy:
                - action: {serviceEndpoint: backend}
        legacy:
          apiEndpoints: [legacy]
          policies:
            - terminate:
                - action: {statusCode: 410, message: gone}
      # end of file
      """;

  @TempDir Path dir;
  private Vertx vertx;
  private Http http;
  private TestBackend backend;
  private GatewayFixture gateway;
  private AdminClient admin;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    backend = TestBackend.start(vertx, "backend");
    gateway =
        GatewayFixture.config(dir)
            .env("BACKEND", backend.url())
            .env("EG_DISABLE_CONFIG_WATCH", "true")
            .gateway(CONFIG)
            .start();
    admin = new AdminClient(vertx, gateway.adminPort());
  }

  @AfterEach
  void tearDown() {
    admin.close();
    gateway.close();
    backend.close();
    http.close();
    join(vertx.close());
  }

  private String file() throws IOException {
    return Files.readString(dir.resolve("gateway.config.yml"));
  }

  @Test
  void puttingANewApiEndpointIs201AndAddsOnlyItsOwnLines() throws Exception {
    Reply reply =
        admin.put(
            "/api-endpoints/fresh", "{\"paths\":[\"/fresh\",\"/fresh/*\"],\"customId\":\"c-1\"}");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.body().length()).isZero();
    assertThat(file())
        .isEqualTo(
            CONFIG.replace(
                "  legacy: {paths: /legacy}    # kept for old clients\n",
                """
                  legacy: {paths: /legacy}    # kept for old clients
                  fresh:
                    paths:
                      - /fresh
                      - /fresh/*
                    customId: c-1
                """));
    assertThat(admin.get("/api-endpoints/fresh").json())
        .isEqualTo(new JsonObject("{\"paths\":[\"/fresh\",\"/fresh/*\"],\"customId\":\"c-1\"}"));
  }

  @Test
  void puttingAnExistingApiEndpointIs204AndRewritesOnlyThatEntry() throws Exception {
    Reply reply = admin.put("/api-endpoints/api", "{\"paths\":\"/v2/*\"}");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(204);
    assertThat(file())
        .isEqualTo(
            CONFIG.replace(
                """
                  api:
                    host: '*'
                    paths: '/api/*'   # everything under /api
                """,
                """
                  api:
                    paths: /v2/*
                """));
    assertThat(admin.get("/api-endpoints/api").json())
        .isEqualTo(new JsonObject().put("paths", "/v2/*"));
    assertThat(join(http.get(gateway.port(), "/v2/x")).header("x-backend")).isEqualTo("backend");
    assertThat(join(http.get(gateway.port(), "/api/x")).status()).isEqualTo(404);
  }

  @Test
  void deletingAnApiEndpointRemovesItsLinesAndAnUnknownOneIs404() throws Exception {
    Reply reply = admin.delete("/api-endpoints/legacy");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(204);
    assertThat(file())
        .isEqualTo(CONFIG.replace("  legacy: {paths: /legacy}    # kept for old clients\n", ""));
    assertProblem(admin.get("/api-endpoints/legacy"), 404, "resource.not_found");
    assertProblem(admin.delete("/api-endpoints/legacy"), 404, "resource.not_found");
    assertThat(join(http.get(gateway.port(), "/legacy")).status()).isEqualTo(404);
  }

  @Test
  void getListsAndShowsTheRunningConfiguration() {
    JsonObject endpoints = admin.get("/api-endpoints").json();
    assertThat(endpoints.fieldNames()).containsExactly("api", "legacy");
    assertThat(admin.get("/api-endpoints/api").json())
        .isEqualTo(new JsonObject().put("host", "*").put("paths", "/api/*"));
    assertThat(admin.get("/service-endpoints/backend").json().getString("url"))
        .isEqualTo(backend.url());
    assertThat(admin.get("/service-endpoints").json().fieldNames()).containsExactly("backend");
    assertThat(admin.get("/pipelines").json().fieldNames()).containsExactly("api", "legacy");
    assertThat(admin.get("/pipelines/legacy").json().getJsonArray("apiEndpoints"))
        .containsExactly("legacy");
    assertThat(admin.get("/policies").body().toJsonArray())
        .isEqualTo(new JsonArray().add("proxy").add("terminate").add("test-echo"));
    assertProblem(admin.get("/pipelines/none"), 404, "resource.not_found");
    assertProblem(admin.get("/service-endpoints/none"), 404, "resource.not_found");
  }

  /** Compat 7 item 28: EG's test is a jwt step without a secret; here a terminate status of 42. */
  @Test
  void aPipelineWithAnInvalidPolicyActionIs422WithEveryErrorAndTheFileUntouched() throws Exception {
    Reply reply =
        admin.put(
            "/pipelines/broken",
            """
            {"apiEndpoints": ["legacy"],
             "policies": [{"terminate": [{"action": {"statusCode": 42}}]},
                          {"proxy": [{"action": {"serviceEndpoint": "nowhere"}}]}]}""");

    assertProblem(reply, 422, "config.invalid");
    JsonArray errors = reply.json().getJsonArray("errors");
    assertThat(errors).hasSize(2);
    assertThat(errors.getJsonObject(0).getString("code"))
        .isEqualTo("POLICY_PARAMS_VALIDATION_FAILED");
    assertThat(errors.getJsonObject(0).getString("path"))
        .isEqualTo("pipelines.broken.policies[0].terminate[0].action.statusCode");
    assertThat(errors.getJsonObject(0).getString("location")).startsWith("gateway.config.yml:");
    assertThat(errors.getJsonObject(1).getString("message")).contains("nowhere");
    assertThat(file()).isEqualTo(CONFIG);
    assertProblem(admin.get("/pipelines/broken"), 404, "resource.not_found");
    assertThat(dir.toFile().list())
        .containsExactlyInAnyOrder("gateway.config.yml", "system.config.yml", "data");
  }

  @Test
  void aPipelineUsingAPolicyOutsideTheWhitelistIs422() throws Exception {
    Reply reply =
        admin.put(
            "/pipelines/marks", "{\"apiEndpoints\":[\"api\"],\"policies\":[{\"test-mark\":{}}]}");

    assertProblem(reply, 422, "config.invalid");
    assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("POLICY_NOT_DECLARED");
    assertThat(file()).isEqualTo(CONFIG);
  }

  @Test
  void policiesPutAndDeleteEditTheWhitelist() throws Exception {
    Reply added = admin.put("/policies/test-mark", null);

    assertThat(added.status()).isEqualTo(201);
    assertThat(added.json()).isEqualTo(new JsonObject().put("status", "ok"));
    assertThat(file())
        .isEqualTo(CONFIG.replace("  - test-echo\n", "  - test-echo\n  - test-mark\n"));
    assertThat(admin.get("/policies").body().toJsonArray()).contains("test-mark");
    assertThat(admin.put("/policies/test-mark", null).status()).isEqualTo(204);

    assertThat(admin.delete("/policies/test-mark").status()).isEqualTo(204);
    assertThat(file()).isEqualTo(CONFIG);
    assertProblem(admin.delete("/policies/test-mark"), 404, "resource.not_found");
  }

  @Test
  void removingAPolicyAPipelineUsesIs422() throws Exception {
    Reply reply = admin.delete("/policies/proxy");

    assertProblem(reply, 422, "config.invalid");
    assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("POLICY_NOT_DECLARED");
    assertThat(file()).isEqualTo(CONFIG);
  }

  @Test
  void aNewEndpointAndPipelineServeRequestsAsSoonAsTheyAreAnswered() {
    assertThat(join(http.get(gateway.port(), "/fresh")).status()).isEqualTo(404);

    assertThat(admin.put("/api-endpoints/fresh", "{\"paths\":\"/fresh\"}").status()).isEqualTo(201);
    assertThat(
            admin
                .put(
                    "/pipelines/fresh",
                    "{\"apiEndpoints\":[\"fresh\"],\"policies\":[{\"test-echo\":{}}]}")
                .status())
        .isEqualTo(201);

    Reply served = join(http.get(gateway.port(), "/fresh"));
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.json().getString("endpoint")).isEqualTo("fresh");
    assertThat(served.json().getString("pipeline")).isEqualTo("fresh");
  }

  @Test
  void concurrentWritesAreAppliedOneAfterTheOther() throws Exception {
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      replies.add(
          http.send(
              HttpMethod.PUT,
              gateway.adminPort(),
              "/api-endpoints/e" + i,
              MultiMap.caseInsensitiveMultiMap().set("content-type", "application/json"),
              Buffer.buffer("{\"paths\":\"/e" + i + "\"}")));
    }

    for (Future<Reply> reply : replies) {
      assertThat(join(reply).status()).isEqualTo(201);
    }
    assertThat(admin.get("/api-endpoints").json().fieldNames())
        .containsExactlyInAnyOrder("api", "legacy", "e0", "e1", "e2", "e3", "e4", "e5");
    assertThat(file()).contains("  e0:\n    paths: /e0\n").contains("  e5:\n    paths: /e5\n");
  }

  @Test
  void unknownKeysInBodiesAreKept() {
    String pipeline =
        "{\"apiEndpoints\":[\"api\"],\"customId\":\"p-42\","
            + "\"policies\":[{\"proxy\":[{\"action\":{\"serviceEndpoint\":\"backend\"}}]}]}";

    assertThat(admin.put("/pipelines/api", pipeline).status()).isEqualTo(204);

    assertThat(admin.get("/pipelines/api").json().getString("customId")).isEqualTo("p-42");
    assertThat(join(http.get(gateway.port(), "/api/x")).header("x-backend")).isEqualTo("backend");
  }

  @Test
  void valuesYamlReadsDifferentlyFromJsonReadBackExactly() throws Exception {
    JsonArray tricky = new JsonArray();
    for (String text :
        List.of(
            "yes",
            "no",
            "on",
            "Off",
            "y",
            "~",
            "null",
            "",
            " ",
            "0x1F",
            "017",
            "1e3",
            ".5",
            "+1",
            "1_000",
            "2001-12-14",
            "12:30:00",
            "<<",
            "=",
            "- a",
            ": b",
            "#x",
            "a #b",
            "a: b",
            "@x",
            "`x",
            "%x",
            "!x",
            "&x",
            "*x",
            "|",
            ">",
            "'",
            "\"",
            "{",
            "[",
            "true",
            "NaN",
            ".inf",
            " lead",
            "trail ",
            "two\nlines",
            "tab\tx",
            "é",
            "😀",
            "${NOT_SET}",
            "$${ESCAPED}")) {
      tricky.add(text);
    }
    JsonObject options =
        new JsonObject()
            .put("strings", tricky)
            .put("numbers", new JsonArray("[0, -1, 1.5, 1e20, 12345678901234567890, 1.0E-7]"))
            .put(
                "empty", new JsonObject().put("map", new JsonObject()).put("list", new JsonArray()))
            .put("nothing", (Object) null)
            .put("key: with # specials", true);
    JsonObject endpoint =
        new JsonObject().put("url", "http://127.0.0.1:1").put("proxyOptions", options);

    assertThat(admin.put("/service-endpoints/tricky", endpoint.encode()).status()).isEqualTo(201);

    JsonObject read = admin.get("/service-endpoints/tricky").json();
    // The placeholder is kept in the file, and an unset variable reads as null there, as in EG.
    assertThat(read.getJsonObject("proxyOptions").getJsonArray("strings"))
        .isEqualTo(tricky.copy().set(tricky.size() - 2, null));
    assertThat(Files.readString(dir.resolve("gateway.config.yml"))).contains("${NOT_SET}");
    assertThat(read)
        .isEqualTo(endpoint.copy().put("proxyOptions", read.getJsonObject("proxyOptions")));
    assertThat(read.getJsonObject("proxyOptions").copy().put("strings", tricky)).isEqualTo(options);
  }

  @Test
  void serviceEndpointsAreCreatedReplacedAndRemoved() throws Exception {
    assertThat(admin.put("/service-endpoints/spare", "{\"url\":\"http://127.0.0.1:1\"}").status())
        .isEqualTo(201);
    assertThat(
            admin
                .put(
                    "/service-endpoints/spare",
                    "{\"urls\":[\"http://127.0.0.1:1\",\"http://127.0.0.1:2\"]}")
                .status())
        .isEqualTo(204);
    assertThat(admin.get("/service-endpoints/spare").json().getJsonArray("urls")).hasSize(2);
    assertThat(admin.delete("/service-endpoints/spare").status()).isEqualTo(204);
    assertThat(file()).isEqualTo(CONFIG);
  }

  @Test
  void badBodiesOnEveryConfigEndpointAreRefusedAndTheFileUntouched() throws Exception {
    for (String resource : List.of("api-endpoints", "service-endpoints", "pipelines")) {
      String uri = "/" + resource + "/x";
      assertProblem(admin.put(uri, "{\"paths\": "), 400, "request.malformed_json");
      assertProblem(admin.put(uri, "\"text\""), 422, "request.invalid_body");
      assertProblem(admin.put(uri, "42"), 422, "request.invalid_body");
      assertProblem(
          admin.send(HttpMethod.PUT, uri, "a=b", "text/plain"),
          415,
          "request.unsupported_media_type");
    }
    assertProblem(admin.put("/service-endpoints/x", "[]"), 422, "request.invalid_body");
    assertProblem(admin.put("/pipelines/x", "[{}]"), 422, "request.invalid_body");
    assertProblem(admin.put("/api-endpoints/x", "{\"paths\": {\"a\": 1}}"), 422, "config.invalid");
    assertProblem(
        admin.put("/api-endpoints/x", "{\"methods\": {\"a\": 1}}"), 422, "config.invalid");
    assertProblem(
        admin.put("/service-endpoints/x", "{\"url\": \"not a url\"}"), 422, "config.invalid");
    assertProblem(admin.put("/service-endpoints/x", "{}"), 422, "config.invalid");
    assertProblem(admin.put("/pipelines/x", "{\"policies\": 7}"), 422, "config.invalid");
    assertProblem(
        admin.put("/pipelines/x", "{\"apiEndpoints\": [\"api\"]}"), 422, "config.invalid");
    assertThat(file()).isEqualTo(CONFIG);
  }

  @Test
  void anApiEndpointMayBeAListOfEntries() {
    Reply reply =
        admin.put("/api-endpoints/multi", "[{\"host\":\"a.example.com\"},{\"paths\":\"/multi\"}]");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(admin.get("/api-endpoints/multi").body().toJsonArray()).hasSize(2);
  }

  @Test
  void pluginsAndPluginAdminRoutesAreStillServed() {
    JsonArray plugins = admin.get("/plugins").json().getJsonArray("plugins");
    assertThat(plugins.getJsonObject(0).getString("id")).isEqualTo("built-in");

    Reply echoed = admin.post("/test-plugin/echo", "{\"hello\":1}");
    assertThat(echoed.status()).isEqualTo(200);
    assertThat(echoed.json().getString("read")).isEqualTo("{\"hello\":1}");
    assertThat(admin.get("/test-plugin/enabled").json().getJsonArray("enabled"))
        .as("route contributors see the policies the configuration enables")
        .containsExactly("proxy", "terminate", "test-echo");
  }

  @Test
  void aJsonConfigurationStaysJson() throws Exception {
    Path jsonDir = Files.createDirectories(dir.resolve("json"));
    String json =
        """
        {
          "http": {"port": 0},
          "admin": {"port": 0},
          "apiEndpoints": {
            "api": {"paths": "/api/*"}
          },
          "policies": ["test-echo"],
          "pipelines": {}
        }
        """;
    Files.writeString(jsonDir.resolve("gateway.config.json"), json);
    Files.writeString(
        jsonDir.resolve("system.config.json"),
        new JsonObject()
            .put("db", new JsonObject().put("redis", new JsonObject().put("emulate", true)))
            .encode());
    try (Gatehouse jsonGateway =
        Gatehouse.start(
            new Gatehouse.Options(
                new ConfigFiles(jsonDir), Map.of("EG_DISABLE_CONFIG_WATCH", "1"), List.of()))) {
      AdminClient client = new AdminClient(vertx, jsonGateway.adminPort());
      assertThat(
              client
                  .put(
                      "/pipelines/api",
                      "{\"apiEndpoints\":[\"api\"],\"policies\":[{\"test-echo\":{}}]}")
                  .status())
          .isEqualTo(201);
      assertThat(client.delete("/api-endpoints/api").status()).isEqualTo(204);
      client.close();
    }

    assertThat(Files.readString(jsonDir.resolve("gateway.config.json")))
        .isEqualTo(
            """
            {
              "http": {"port": 0},
              "admin": {"port": 0},
              "apiEndpoints": {},
              "policies": ["test-echo"],
              "pipelines": {
                "api": {
                  "apiEndpoints": [
                    "api"
                  ],
                  "policies": [
                    {
                      "test-echo": {}
                    }
                  ]
                }
              }
            }
            """);
  }
}
