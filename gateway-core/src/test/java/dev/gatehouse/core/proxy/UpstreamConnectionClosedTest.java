package dev.gatehouse.core.proxy;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.NetServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream that closes a kept-alive connection as the next request arrives on it (what a server
 * does when it ends connections after so many requests): an idempotent request without a body is
 * sent again on a new connection; anything else answers 502, never sent twice.
 */
@ExtendWith(BlockedThreadGuard.class)
class UpstreamConnectionClosedTest {

  private static final String CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        api: {paths: '/*'}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
      policies: [proxy]
      pipelines:
        api:
          apiEndpoints: [api]
          policies:
            - proxy: [{action: {serviceEndpoint: backend}}]
      """;

  private static final String OK =
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok";

  @TempDir Path dir;
  private Vertx vertx;
  private Http http;
  private NetServer backend;
  private final AtomicInteger received = new AtomicInteger();

  /** Answers the first request of each connection and closes it when a second one arrives. */
  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    backend =
        join(
            vertx
                .createNetServer()
                .connectHandler(
                    socket -> {
                      AtomicInteger requests = new AtomicInteger();
                      StringBuilder pending = new StringBuilder();
                      socket.handler(
                          data -> {
                            pending.append(data.toString(StandardCharsets.ISO_8859_1));
                            int end;
                            while ((end = requestEnd(pending)) >= 0) {
                              pending.delete(0, end);
                              if (requests.incrementAndGet() == 1) {
                                received.incrementAndGet();
                                socket.write(Buffer.buffer(OK));
                              } else {
                                socket.close();
                                return;
                              }
                            }
                          });
                    })
                .listen(0, "127.0.0.1"));
  }

  /**
   * Where the request at the head of {@code pending} ends (head and Content-Length body), or -1.
   */
  private static int requestEnd(StringBuilder pending) {
    int head = pending.indexOf("\r\n\r\n");
    if (head < 0) {
      return -1;
    }
    String lower = pending.substring(0, head).toLowerCase(java.util.Locale.ROOT);
    int length = 0;
    int at = lower.indexOf("content-length:");
    if (at >= 0) {
      int eol = lower.indexOf("\r\n", at);
      length = Integer.parseInt(lower.substring(at + 15, eol < 0 ? head : eol).trim());
    }
    int end = head + 4 + length;
    return pending.length() >= end ? end : -1;
  }

  @AfterEach
  void tearDown() {
    join(backend.close());
    http.close();
    join(vertx.close());
  }

  private GatewayFixture start() throws Exception {
    return GatewayFixture.config(dir)
        .env("BACKEND", "http://127.0.0.1:" + backend.actualPort())
        .gateway(CONFIG)
        .start();
  }

  @Test
  void anIdempotentRequestIsSentAgainOnANewConnection() throws Exception {
    try (GatewayFixture gateway = start()) {
      for (int i = 0; i < 5; i++) {
        assertThat(join(http.get(gateway.port(), "/a")).status()).isEqualTo(200);
      }
      assertThat(received.get()).isEqualTo(5);
    }
  }

  @Test
  void aRequestWithABodyIsNeverSentTwice() throws Exception {
    try (GatewayFixture gateway = start()) {
      assertThat(join(http.get(gateway.port(), "/first")).status()).isEqualTo(200);

      int status =
          join(http.send(
                  HttpMethod.POST,
                  gateway.port(),
                  "/order",
                  MultiMap.caseInsensitiveMultiMap(),
                  Buffer.buffer("{}")))
              .status();

      assertThat(status).isEqualTo(502);
      assertThat(received.get()).isEqualTo(1);
    }
  }
}
