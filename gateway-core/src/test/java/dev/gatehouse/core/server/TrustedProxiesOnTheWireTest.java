package dev.gatehouse.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.SharedGateway;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code http.trustedProxies}: forwarding headers count only from the proxies listed. */
@ExtendWith(BlockedThreadGuard.class)
class TrustedProxiesOnTheWireTest {

  @RegisterExtension
  static final SharedGateway gateway =
      new SharedGateway(
          """
          http: {port: 0, trustedProxies: [127.0.0.1, 10.0.0.0/8]}
          apiEndpoints:
            internal: {host: internal.example.com}
            public: {}
          policies: [test-echo]
          pipelines:
            internal: {apiEndpoints: [internal], policies: [{test-echo: {action: {at: internal}}}]}
            public: {apiEndpoints: [public], policies: [{test-echo: {action: {at: public}}}]}
          """);

  private static Reply get(String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap().set("host", "gw.example.com");
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return gateway.send(HttpMethod.GET, "/", map, null);
  }

  @Test
  void aTrustedProxyNamesTheClient() {
    Reply reply = get("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.1.2.3");

    assertThat(reply.json().getString("clientIp")).isEqualTo("198.51.100.7");
  }

  @Test
  void withoutForwardingHeadersThePeerIsTheClient() {
    assertThat(get().json().getString("clientIp")).isEqualTo("127.0.0.1");
  }

  @Test
  void forwardedHostRoutesAndForwardedProtoIsTheScheme() {
    Reply reply = get("x-forwarded-host", "internal.example.com", "x-forwarded-proto", "https");

    assertThat(reply.json().getJsonObject("action").getString("at")).isEqualTo("internal");
    assertThat(reply.json().getString("scheme")).isEqualTo("https");
  }
}
