package dev.gatehouse.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private static MultiMap headers(String... pairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  @Test
  void addressesAndBlocksOfBothFamiliesAreTrusted() {
    TrustedProxies proxies =
        TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "::1"));

    assertThat(proxies.trusts("10.200.3.4")).isTrue();
    assertThat(proxies.trusts("11.0.0.1")).isFalse();
    assertThat(proxies.trusts("192.168.1.7")).isTrue();
    assertThat(proxies.trusts("192.168.1.8")).isFalse();
    assertThat(proxies.trusts("2001:db8:ffff::1")).isTrue();
    assertThat(proxies.trusts("2001:db9::1")).isFalse();
    assertThat(proxies.trusts("::1")).isTrue();
    assertThat(proxies.trusts("not-an-address")).isFalse();
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItClaims() {
    TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.1"));

    assertThat(proxies.clientIp("203.0.113.5", headers("x-forwarded-for", "1.2.3.4")))
        .isEqualTo("203.0.113.5");
    assertThat(TrustedProxies.none().clientIp("127.0.0.1", headers("x-forwarded-for", "1.2.3.4")))
        .isEqualTo("127.0.0.1");
  }

  @Test
  void theClientIsTheNearestUntrustedHopOfTheChain() {
    TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8"));

    assertThat(
            proxies.clientIp(
                "10.0.0.1", headers("x-forwarded-for", "6.6.6.6, 198.51.100.1, 10.0.0.5")))
        .as("a forged first entry is ignored")
        .isEqualTo("198.51.100.1");
  }

  @Test
  void theForwardedHeaderWinsAndItsNodeSyntaxIsRead() {
    TrustedProxies proxies = TrustedProxies.of(List.of("127.0.0.1"));

    assertThat(
            proxies.clientIp(
                "127.0.0.1",
                headers(
                    "forwarded", "for=\"[2001:db8:cafe::17]:4711\";proto=https",
                    "x-forwarded-for", "9.9.9.9")))
        .isEqualTo("2001:db8:cafe::17");
    assertThat(proxies.clientIp("127.0.0.1", headers("forwarded", "for=192.0.2.60:80")))
        .isEqualTo("192.0.2.60");
  }

  @Test
  void forwardedHostAndProtoAreBelievedOnlyFromATrustedPeer() {
    TrustedProxies proxies = TrustedProxies.of(List.of("127.0.0.1"));
    MultiMap headers =
        headers("x-forwarded-proto", "https, http", "x-forwarded-host", "api.example.com");

    assertThat(proxies.forwarded("127.0.0.1", headers, "proto")).isEqualTo("https");
    assertThat(proxies.forwarded("127.0.0.1", headers, "host")).isEqualTo("api.example.com");
    assertThat(proxies.forwarded("203.0.113.1", headers, "proto")).isNull();
  }

  @Test
  void entriesThatAreNotAddressesAreRefusedByName() {
    assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.internal")))
        .hasMessageContaining("'proxy.internal' is not an IP address or CIDR block");
    assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33")))
        .hasMessageContaining("invalid prefix length");
  }
}
