package dev.gatehouse.core.identity;

import static dev.gatehouse.core.identity.Futures.await;
import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.StartupException;
import dev.gatehouse.core.identity.store.EmbeddedIdentityStore;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A started gateway offers the identity service to plugins, keeps its store where {@code db} says,
 * refuses a deactivated credential on the next request, and finds its consumers after a restart.
 */
@ExtendWith(BlockedThreadGuard.class)
class IdentityOnTheWireTest {

  private static final String GATEWAY =
      """
      http: {port: 0}
      apiEndpoints:
        api: {paths: '/api'}
      policies: [test-identity-key]
      pipelines:
        api:
          apiEndpoints: [api]
          policies:
            - test-identity-key:
      """;

  @TempDir Path dir;
  private Vertx vertx;
  private Http http;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    // Load the HTTP server's classes here, outside the gateway's event loops that the guard
    // watches: a cold JVM otherwise spends a few hundred milliseconds loading them on both.
    join(vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0)).close();
  }

  @AfterEach
  void tearDown() {
    http.close();
    join(vertx.close());
  }

  private GatewayFixture start() throws Exception {
    return GatewayFixture.config(dir.resolve("config"))
        .system("db:\n  embedded:\n    path: " + dir.resolve("data") + "\n")
        .gateway(GATEWAY)
        .start();
  }

  private Reply call(GatewayFixture gateway, String key) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (key != null) {
      headers.set("x-api-key", key);
    }
    return join(http.send(HttpMethod.GET, gateway.port(), "/api", headers, null));
  }

  @Test
  void aPluginAuthenticatesThroughTheServiceAndADeactivationIsRefusedOnTheNextRequest()
      throws Exception {
    try (GatewayFixture gateway = start()) {
      IdentityManager manager = gateway.gatehouse().identity().manager();
      JsonObject ada =
          await(
              manager.createUser(
                  new JsonObject()
                      .put("username", "ada")
                      .put("firstname", "A")
                      .put("lastname", "L")));
      JsonObject key = await(manager.createCredential("ada", "key-auth", new JsonObject()));
      String presented = key.getString("keyId") + ":" + key.getString("keySecret");

      Reply allowed = call(gateway, presented);
      assertThat(allowed.status()).isEqualTo(200);
      assertThat(allowed.text()).isEqualTo(ada.getString("id"));
      assertThat(call(gateway, key.getString("keyId") + ":wrong").status()).isEqualTo(401);
      assertThat(call(gateway, null).status()).isEqualTo(401);

      await(manager.setCredentialActive("key-auth", key.getString("keyId"), false));

      assertThat(call(gateway, presented).status()).isEqualTo(401);
    }
  }

  @Test
  void aSecondGatewayOnTheSameDataFolderRefusesToStartSayingWhy() throws Exception {
    try (GatewayFixture first = start()) {
      assertThatThrownBy(this::start)
          .isInstanceOf(StartupException.class)
          .hasMessageContaining(EmbeddedIdentityStore.FILE_NAME)
          .hasMessageContaining("another gateway uses this db.embedded.path");
      assertThat(call(first, null).status()).isEqualTo(401);
    }
  }

  @Test
  void consumersCreatedBeforeARestartAuthenticateAfterIt() throws Exception {
    String presented;
    try (GatewayFixture gateway = start()) {
      IdentityManager manager = gateway.gatehouse().identity().manager();
      await(
          manager.createUser(
              new JsonObject().put("username", "ada").put("firstname", "A").put("lastname", "L")));
      JsonObject key = await(manager.createCredential("ada", "key-auth", new JsonObject()));
      presented = key.getString("keyId") + ":" + key.getString("keySecret");
    }

    assertThat(Files.exists(dir.resolve("data").resolve(EmbeddedIdentityStore.FILE_NAME))).isTrue();
    try (GatewayFixture restarted = start()) {
      assertThat(call(restarted, presented).status()).isEqualTo(200);
    }
  }
}
