package dev.gatehouse.core.tls;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.StartupException;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Requests;
import dev.gatehouse.core.testing.Requests.Answer;
import dev.gatehouse.core.testing.TlsFiles;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code https} listener on the wire (compat 2.2.1, section 4 {@code tlsClientAuthenticated},
 * section 7 item 40): certificates by server name, client certificates, side by side with {@code
 * http}. Every request is answered by a pipeline that says whether the client is
 * tlsClientAuthenticated.
 */
@ExtendWith(BlockedThreadGuard.class)
class HttpsListenerTest {

  private static final String DEFAULT_ONLY =
      """
        tls:
          default: {key: tls/server.key, cert: tls/server.crt}
      """;

  @TempDir Path dir;
  private Vertx vertx;
  private GatewayFixture gateway;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    TlsFiles.copyInto(dir);
  }

  @AfterEach
  void tearDown() {
    if (gateway != null) {
      gateway.close();
    }
    join(vertx.close());
  }

  /** Starts a gateway with an http listener and {@code https: {port: 0, <tls>}}. */
  private void start(String tls) throws StartupException {
    gateway =
        GatewayFixture.config(dir)
            .gateway(
                """
                http: {port: 0}
                https:
                  port: 0
                %s
                apiEndpoints:
                  api: {paths: '/*'}
                policies: [terminate]
                pipelines:
                  api:
                    apiEndpoints: [api]
                    policies:
                      - terminate:
                          - condition: {name: tlsClientAuthenticated}
                            action: {statusCode: 200, message: verified}
                          - action: {statusCode: 200, message: unverified}
                """
                    .formatted(tls))
            .start();
  }

  private int httpsPort() {
    return gateway.gatehouse().httpsPort();
  }

  /** The subject of the certificate the listener presents to a client asking for {@code name}. */
  private String subjectFor(String serverName) {
    NetClient client =
        vertx.createNetClient(
            new NetClientOptions()
                .setSsl(true)
                .setTrustAll(true)
                .setHostnameVerificationAlgorithm(""));
    ConnectOptions connect =
        new ConnectOptions().setHost("127.0.0.1").setPort(httpsPort()).setSsl(true);
    if (serverName != null) {
      connect.setSniServerName(serverName);
    }
    try {
      return join(
          client
              .connect(connect)
              .map(
                  socket -> {
                    X509Certificate presented;
                    try {
                      presented = (X509Certificate) socket.peerCertificates().get(0);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                    socket.close();
                    return presented.getSubjectX500Principal().getName();
                  }));
    } finally {
      join(client.close());
    }
  }

  /** A client that trusts the test CA and checks the listener's name (127.0.0.1). */
  private static HttpClientOptions trustingTheCa() {
    return new HttpClientOptions().setSsl(true).setTrustOptions(TlsFiles.ca()).setVerifyHost(true);
  }

  private static RequestOptions get(int port) {
    return new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost("127.0.0.1")
        .setPort(port)
        .setURI("/who");
  }

  private String answerOverTls(HttpClientOptions client) {
    Answer answer = Requests.send(vertx, client, get(httpsPort()), null);
    assertThat(answer.reply().status()).isEqualTo(200);
    return answer.reply().text();
  }

  @Test
  void eachServerNameGetsTheCertificateOfTheFirstMatchingGlobElseTheDefault() throws Exception {
    start(
        """
          tls:
            '*.demo.test': {key: tls/sni-demo.key, cert: tls/sni-demo.crt}
            '*.test': {key: tls/sni-acme.key, cert: tls/sni-acme.crt}
            default: {key: tls/server.key, cert: tls/server.crt}
        """);

    assertThat(subjectFor("www.demo.test")).isEqualTo("CN=*.demo.test");
    assertThat(subjectFor("deep.er.demo.test")).isEqualTo("CN=*.demo.test");
    assertThat(subjectFor("WWW.Demo.TEST")).isEqualTo("CN=*.demo.test");
    assertThat(subjectFor("api.acme.test")).isEqualTo("CN=api.acme.test");
    assertThat(subjectFor("example.org")).isEqualTo("CN=localhost");
    assertThat(subjectFor(null)).isEqualTo("CN=localhost");
  }

  @Test
  void withoutDefaultAServerNameNoGlobMatchesFailsTheHandshake() throws Exception {
    start(
        """
          tls:
            '*.demo.test': {key: tls/sni-demo.key, cert: tls/sni-demo.crt}
        """);

    assertThat(subjectFor("www.demo.test")).isEqualTo("CN=*.demo.test");
    assertThatThrownBy(() -> subjectFor("api.acme.test"))
        .hasRootCauseInstanceOf(SSLHandshakeException.class);
    assertThatThrownBy(() -> subjectFor(null)).hasRootCauseInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void httpAndHttpsListenersServeSideBySide() throws Exception {
    start(DEFAULT_ONLY);

    Answer https = Requests.send(vertx, trustingTheCa(), get(httpsPort()), null);
    Answer http = Requests.send(vertx, new HttpClientOptions(), get(gateway.port()), null);

    assertThat(httpsPort()).isPositive().isNotEqualTo(gateway.port());
    assertThat(https.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(https.reply().text()).isEqualTo("unverified");
    assertThat(http.reply().text()).isEqualTo("unverified");
  }

  @Test
  void optionalClientCertificatesLetEveryClientInButOnlyVerifiedOnesAreAuthenticated()
      throws Exception {
    start(
        DEFAULT_ONLY
            + """
              options: {requestCert: true, rejectUnauthorized: false, ca: tls/ca.crt}
            """);

    assertThat(answerOverTls(trustingTheCa().setKeyCertOptions(TlsFiles.keyCert("client"))))
        .isEqualTo("verified");
    assertThat(answerOverTls(trustingTheCa().setKeyCertOptions(TlsFiles.keyCert("rogue"))))
        .isEqualTo("unverified");
    assertThat(answerOverTls(trustingTheCa())).isEqualTo("unverified");
  }

  @Test
  void requiredClientCertificatesKeepOutClientsWithoutAVerifiedOne() throws Exception {
    start(
        DEFAULT_ONLY
            + """
              options: {requestCert: true, ca: [tls/ca.crt]}
            """);

    assertThat(answerOverTls(trustingTheCa().setKeyCertOptions(TlsFiles.keyCert("client"))))
        .isEqualTo("verified");
    assertThatThrownBy(
            () -> answerOverTls(trustingTheCa().setKeyCertOptions(TlsFiles.keyCert("rogue"))))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> answerOverTls(trustingTheCa())).isInstanceOf(AssertionError.class);
  }

  @Test
  void theCaOfTheMatchingTlsEntryVerifiesClientCertificatesToo() throws Exception {
    start(
        """
          tls:
            default: {key: tls/server.key, cert: tls/server.crt, ca: [tls/ca.crt]}
          options: {requestCert: true, rejectUnauthorized: false}
        """);

    assertThat(answerOverTls(trustingTheCa().setKeyCertOptions(TlsFiles.keyCert("client"))))
        .isEqualTo("verified");
  }

  @Test
  void plainHttpRequestsAreNeverTlsClientAuthenticated() throws Exception {
    start(
        DEFAULT_ONLY
            + """
              options: {requestCert: true, rejectUnauthorized: false, ca: tls/ca.crt}
            """);

    Answer http = Requests.send(vertx, new HttpClientOptions(), get(gateway.port()), null);

    assertThat(http.reply().text()).isEqualTo("unverified");
  }
}
