package dev.gatehouse.core.server;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Requests;
import dev.gatehouse.core.testing.TlsFiles;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code http.hostname} and {@code https.hostname} bind only that interface (compat 7 item 41). */
@ExtendWith(BlockedThreadGuard.class)
class ListenerBindingTest {

  @TempDir Path dir;
  private Vertx vertx;
  private GatewayFixture gateway;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    TlsFiles.copyInto(dir);
    gateway =
        GatewayFixture.config(dir)
            .gateway(
                """
                http: {port: 0, hostname: 127.0.0.1}
                https:
                  port: 0
                  hostname: 127.0.0.1
                  tls:
                    default: {key: tls/server.key, cert: tls/server.crt}
                apiEndpoints:
                  api: {}
                policies: [terminate]
                pipelines:
                  api:
                    apiEndpoints: [api]
                    policies: [{terminate: {action: {statusCode: 200, message: bound}}}]
                """)
            .start();
  }

  @AfterEach
  void tearDown() {
    gateway.close();
    join(vertx.close());
  }

  private String get(String host, int port, HttpClientOptions client) {
    RequestOptions request =
        new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port).setURI("/");
    return Requests.send(vertx, client.setConnectTimeout(2000), request, null).reply().text();
  }

  private static HttpClientOptions tls() {
    return new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false);
  }

  @Test
  void listenersBoundToTheLoopbackServeOnIt() {
    assertThat(get("127.0.0.1", gateway.port(), new HttpClientOptions())).isEqualTo("bound");
    assertThat(get("127.0.0.1", gateway.gatehouse().httpsPort(), tls())).isEqualTo("bound");
  }

  @Test
  void listenersBoundToTheLoopbackAreNotReachableOnAnotherInterface() throws SocketException {
    String other = anotherLocalAddress();
    assumeTrue(other != null, "this machine has no non-loopback IPv4 address");

    assertThatThrownBy(() -> get(other, gateway.port(), new HttpClientOptions()))
        .hasMessageContaining("Connection refused");
    assertThatThrownBy(() -> get(other, gateway.gatehouse().httpsPort(), tls()))
        .hasMessageContaining("Connection refused");
  }

  private static String anotherLocalAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address) {
          return address.getHostAddress();
        }
      }
    }
    return null;
  }
}
