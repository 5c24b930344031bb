package dev.gatehouse.core.testing;

import static dev.gatehouse.core.testing.Http.join;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real gateway in front of one {@link TestBackend} for all tests of a class, with a client. The
 * configuration refers to the backend as {@code ${BACKEND}}.
 *
 * <pre>{@code
 * @RegisterExtension static final BackendGateway gateway = new BackendGateway(CONFIG);
 * }</pre>
 */
public final class BackendGateway implements BeforeAllCallback, AfterAllCallback {

  private final String config;
  private Vertx vertx;
  private Http http;
  private TestBackend backend;
  private GatewayFixture gateway;

  public BackendGateway(String config) {
    this.config = config;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    backend = TestBackend.start(vertx, "backend");
    gateway =
        GatewayFixture.config(Files.createTempDirectory("gatehouse-test"))
            .env("BACKEND", backend.url())
            .gateway(config)
            .start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    gateway.close();
    backend.close();
    http.close();
    join(vertx.close());
  }

  public Reply get(String uri) {
    return join(http.get(gateway.port(), uri));
  }

  public Reply send(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    return join(http.send(method, gateway.port(), uri, headers, body));
  }
}
