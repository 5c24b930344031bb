package dev.gatehouse.core.admin;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.StartupException;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code admin.tls}: the Admin API over HTTPS, with the test CA's localhost certificate. */
@ExtendWith(BlockedThreadGuard.class)
class AdminTlsTest {

  @TempDir Path dir;
  private Vertx vertx;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    Path tls = Files.createDirectories(dir.resolve("tls"));
    for (String file : new String[] {"server.key", "server.crt"}) {
      Files.copy(resource("tls/" + file), tls.resolve(file));
    }
  }

  @AfterEach
  void tearDown() {
    join(vertx.close());
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(AdminTlsTest.class.getClassLoader().getResource(name), name)
            .toURI());
  }

  private Future<Integer> status(int port, boolean ssl) throws URISyntaxException {
    HttpClientOptions options = new HttpClientOptions();
    if (ssl) {
      options
          .setSsl(true)
          .setTrustOptions(new PemTrustOptions().addCertPath(resource("tls/ca.crt").toString()));
    }
    HttpClient client = vertx.createHttpClient(options);
    return client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost("localhost")
                .setPort(port)
                .setURI("/plugins"))
        .compose(request -> request.send())
        .map(response -> response.statusCode())
        .eventually(() -> client.close());
  }

  @Test
  void theAdminApiIsServedOverHttpsOnly() throws Exception {
    try (GatewayFixture gateway =
        GatewayFixture.config(dir)
            .gateway("admin:\n  port: 0\n  tls: {key: tls/server.key, cert: tls/server.crt}\n")
            .start()) {
      assertThat(join(status(gateway.adminPort(), true))).isEqualTo(200);
      assertThatThrownBy(
              () ->
                  status(gateway.adminPort(), false)
                      .toCompletionStage()
                      .toCompletableFuture()
                      .get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  void aMissingCertificateStopsTheGatewayNamingTheFile() {
    assertThatThrownBy(
            () ->
                GatewayFixture.config(dir)
                    .gateway(
                        "admin:\n  port: 0\n  tls: {key: tls/server.key, cert: tls/none.crt}\n")
                    .start())
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("admin.tls")
        .hasMessageContaining("none.crt");
  }
}
