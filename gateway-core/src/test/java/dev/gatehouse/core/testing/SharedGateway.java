package dev.gatehouse.core.testing;

import static dev.gatehouse.core.testing.Http.join;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real gateway for all tests of a class, with a client: started before the first test, closed
 * after the last.
 *
 * <pre>{@code
 * @RegisterExtension static final SharedGateway gateway = new SharedGateway(CONFIG);
 * }</pre>
 */
public final class SharedGateway implements BeforeAllCallback, AfterAllCallback {

  private final String config;
  private Vertx vertx;
  private Http http;
  private GatewayFixture gateway;

  public SharedGateway(String config) {
    this.config = config;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    Path dir = Files.createTempDirectory("gatehouse-test");
    gateway = GatewayFixture.config(dir).gateway(config).start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    gateway.close();
    http.close();
    join(vertx.close());
  }

  public int port() {
    return gateway.port();
  }

  /** A GET with the given {@code Host} header. */
  public Reply get(String host, String uri) {
    return join(http.get(gateway.port(), uri, host));
  }

  /** Any request with the given {@code Host} header. */
  public Reply send(HttpMethod method, String host, String uri) {
    return send(method, uri, MultiMap.caseInsensitiveMultiMap().set("host", host), null);
  }

  public Reply send(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    return join(http.send(method, gateway.port(), uri, headers, body));
  }
}
