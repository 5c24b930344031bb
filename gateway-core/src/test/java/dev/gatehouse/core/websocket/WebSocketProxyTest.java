package dev.gatehouse.core.websocket;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gatehouse.core.StartupException;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.TestBackend;
import dev.gatehouse.core.testing.TlsFiles;
import dev.gatehouse.core.testing.WebSocketBackend;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket upgrades proxied through pipelines (compat section 8 item 3): the upgrade runs the
 * endpoint's pipeline, the proxy opens the upstream WebSocket ({@code ws} or {@code wss}), then
 * frames flow both ways until either side closes.
 */
@ExtendWith(BlockedThreadGuard.class)
class WebSocketProxyTest {

  @TempDir Path dir;
  private Vertx vertx;
  private WebSocketBackend backend;
  private WebSocketBackend secureBackend;
  private TestBackend silentBackend;
  private WebSocketClient client;
  private GatewayFixture gateway;

  @BeforeEach
  void setUp() throws StartupException {
    vertx = Vertx.vertx();
    TlsFiles.copyInto(dir);
    backend = WebSocketBackend.start(vertx);
    secureBackend =
        WebSocketBackend.start(
            vertx,
            new HttpServerOptions().setSsl(true).setKeyCertOptions(TlsFiles.keyCert("server")));
    silentBackend = TestBackend.start(vertx, "silent");
    client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxMessageSize(WebSocketBackend.MAX_MESSAGE)
                .setTrustOptions(TlsFiles.ca()));
    gateway =
        GatewayFixture.config(dir)
            .env("WS", "http://127.0.0.1:" + backend.port())
            .env("WSS", "https://localhost:" + secureBackend.port())
            .env("SILENT", silentBackend.url())
            .gateway(
                """
                http: {port: 0}
                https:
                  port: 0
                  tls:
                    default: {key: tls/server.key, cert: tls/server.crt}
                apiEndpoints:
                  chat: {paths: '/chat/*'}
                  secure: {paths: '/secure/*'}
                  guarded: {paths: '/guarded/*'}
                  down: {paths: '/down/*'}
                  slow: {paths: '/slow/*'}
                serviceEndpoints:
                  ws: {url: '${WS}'}
                  wss: {url: '${WSS}'}
                  down: {url: 'http://127.0.0.1:1'}
                  silent: {url: '${SILENT}'}
                policies: [proxy, terminate, test-mark]
                pipelines:
                  chat:
                    apiEndpoints: [chat]
                    policies:
                      - test-mark: {action: {mark: chat}}
                      - proxy: {action: {serviceEndpoint: ws, proxyTimeout: 500}}
                  secure:
                    apiEndpoints: [secure]
                    policies:
                      - proxy: {action: {serviceEndpoint: wss, target: {caFile: tls/ca.crt}}}
                  guarded:
                    apiEndpoints: [guarded]
                    policies:
                      - terminate: {action: {statusCode: 401, message: no ticket}}
                      - proxy: {action: {serviceEndpoint: ws}}
                  down:
                    apiEndpoints: [down]
                    policies: [{proxy: {action: {serviceEndpoint: down}}}]
                  slow:
                    apiEndpoints: [slow]
                    policies:
                      - proxy:
                          action: {serviceEndpoint: silent, stripPath: true, proxyTimeout: 300}
                """)
            .start();
  }

  @AfterEach
  void tearDown() {
    gateway.close();
    join(client.close());
    backend.close();
    secureBackend.close();
    silentBackend.close();
    join(vertx.close());
  }

  private WebSocketConnectOptions to(String uri) {
    return new WebSocketConnectOptions()
        .setHost("127.0.0.1")
        .setPort(gateway.port())
        .setURI(uri)
        .setSubProtocols(List.of("chat.v2", "chat.v1"));
  }

  /** Connects, collecting every message the client receives (text as String, binary as Buffer). */
  private Connected connect(WebSocketConnectOptions options) {
    BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    WebSocket socket = join(client.connect(options));
    socket.textMessageHandler(received::add);
    socket.binaryMessageHandler(received::add);
    return new Connected(socket, received);
  }

  private record Connected(WebSocket socket, BlockingQueue<Object> received) {

    Object next() throws InterruptedException {
      Object message = received.poll(10, TimeUnit.SECONDS);
      assertThat(message).as("a message within 10 s").isNotNull();
      return message;
    }
  }

  @Test
  void textAndBinaryMessagesAreEchoedThroughThePipeline() throws Exception {
    Connected chat = connect(to("/chat/room?user=ann"));
    Buffer large = Buffer.buffer(randomBytes(1024 * 1024));

    join(chat.socket().writeTextMessage("hello"));
    assertThat(chat.next()).isEqualTo("hello");
    join(chat.socket().writeBinaryMessage(Buffer.buffer(new byte[] {0, 1, 2, (byte) 255})));
    assertThat(chat.next()).isEqualTo(Buffer.buffer(new byte[] {0, 1, 2, (byte) 255}));
    join(chat.socket().writeBinaryMessage(large));
    assertThat(chat.next()).isEqualTo(large);

    WebSocketBackend.Handshake upstream = backend.handshakes().get(0);
    MultiMap headers = upstream.headers();
    assertThat(upstream.uri()).isEqualTo("/chat/room?user=ann");
    assertThat(headers.get("x-marks")).isEqualTo("chat");
    assertThat(headers.get("eg-request-id")).matches("[0-9A-Za-z]{22}");
    assertThat(headers.get("host")).isEqualTo("127.0.0.1:" + backend.port());
    assertThat(chat.socket().subProtocol()).isEqualTo("chat.v1");
  }

  @Test
  void theProxyTimeoutBoundsTheHandshakeNotTheConversation() throws Exception {
    Connected chat = connect(to("/chat/quiet"));
    join(vertx.timer(800, TimeUnit.MILLISECONDS));

    join(chat.socket().writeTextMessage("still there?"));

    assertThat(chat.next()).isEqualTo("still there?");
  }

  @Test
  void aClientCloseReachesTheUpstream() {
    Connected chat = connect(to("/chat/bye"));

    join(chat.socket().close((short) 4001, "leaving"));

    assertThat(join(backend.closed())).isEqualTo((short) 4001);
  }

  @Test
  void anUpstreamCloseReachesTheClient() throws Exception {
    Connected chat = connect(to("/chat/kick"));
    Promise<Short> closed = Promise.promise();
    chat.socket().closeHandler(v -> closed.complete(chat.socket().closeStatusCode()));

    join(chat.socket().writeTextMessage("close"));

    assertThat(join(closed.future())).isEqualTo((short) 4000);
  }

  @Test
  void anUpgradeThePipelineRefusesNeverReachesTheUpstream() {
    assertThat(refusalOf("/guarded/room")).isEqualTo(401);
    assertThat(backend.handshakes()).isEmpty();
  }

  @Test
  void anUpgradeTheUpstreamRefusesIsAnsweredWithItsStatus() {
    assertThat(refusalOf("/chat/reject")).isEqualTo(403);
    assertThat(backend.handshakes()).hasSize(1);
  }

  @Test
  void anUnreachableUpstreamIs502() {
    assertThat(refusalOf("/down/room")).isEqualTo(502);
  }

  @Test
  void anUpstreamThatNeverAnswersTheHandshakeIs504() {
    // The silent backend's /hang never answers.
    assertThat(refusalOf("/slow/hang")).isEqualTo(504);
  }

  @Test
  void aSecureClientReachesASecureUpstream() throws Exception {
    Connected secure =
        connect(to("/secure/room").setPort(gateway.gatehouse().httpsPort()).setSsl(true));

    join(secure.socket().writeTextMessage("over tls twice"));

    assertThat(secure.next()).isEqualTo("over tls twice");
    assertThat(secureBackend.handshakes().get(0).uri()).isEqualTo("/secure/room");
  }

  /** The status with which the upgrade to {@code uri} is refused. */
  private int refusalOf(String uri) {
    Throwable failure = catchThrowable(() -> join(client.connect(to(uri))));
    assertThat(failure).hasCauseInstanceOf(UpgradeRejectedException.class);
    return ((UpgradeRejectedException) failure.getCause()).getStatus();
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
