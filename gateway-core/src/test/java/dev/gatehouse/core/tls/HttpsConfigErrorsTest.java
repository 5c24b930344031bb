package dev.gatehouse.core.tls;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.StartupException;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.TlsFiles;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code https} section whose files cannot serve stops the start, naming the file, the line and
 * the key that names it; so does what Gatehouse does not support.
 */
class HttpsConfigErrorsTest {

  @TempDir Path dir;

  @BeforeEach
  void copyTls() {
    TlsFiles.copyInto(dir);
  }

  /** Starts with {@code https} (its lines are 2 and on) and returns what the start said. */
  private AbstractThrowableAssert<?, ? extends Throwable> starting(String https) {
    return assertThatThrownBy(
            () -> GatewayFixture.config(dir).gateway("http: {port: 0}\n" + https).start().close())
        .isInstanceOf(StartupException.class);
  }

  @Test
  void aMissingKeyFileIsNamedWithItsLine() {
    starting(
            """
            https:
              port: 0
              tls:
                default:
                  key: tls/none.key
                  cert: tls/server.crt
            """)
        .hasMessageContaining("gateway.config.yml:6:")
        .hasMessageContaining("https.tls.default.key")
        .hasMessageContaining("tls/none.key")
        .hasMessageContaining("no such file");
  }

  @Test
  void aFileThatHoldsNoCertificateIsNamedWithItsLine() {
    starting(
            """
            https:
              port: 0
              tls:
                '*.demo.test':
                  key: tls/sni-demo.key
                  cert: tls/sni-demo.key
            """)
        .hasMessageContaining("gateway.config.yml:7:")
        .hasMessageContaining("https.tls[\"*.demo.test\"].cert")
        .hasMessageContaining("tls/sni-demo.key");
  }

  @Test
  void aFileThatHoldsNoKeyIsNamedWithItsLine() {
    starting(
            """
            https:
              port: 0
              tls:
                default: {key: tls/server.crt, cert: tls/server.crt}
            """)
        .hasMessageContaining("gateway.config.yml:5:")
        .hasMessageContaining("https.tls.default.key")
        .hasMessageContaining("tls/server.crt is not a PEM private key");
  }

  @Test
  void theKeyOfAnotherCertificateIsRefused() {
    starting(
            """
            https:
              port: 0
              tls:
                default: {key: tls/client.key, cert: tls/server.crt}
            """)
        .hasMessageContaining("https.tls.default.key")
        .hasMessageContaining("tls/client.key is not the key of the certificate CN=localhost");
  }

  @Test
  void aMissingClientCaIsNamedWithItsLine() {
    starting(
            """
            https:
              port: 0
              tls:
                default: {key: tls/server.key, cert: tls/server.crt}
              options:
                requestCert: true
                ca: [tls/ca.crt, tls/other-ca.crt]
            """)
        .hasMessageContaining("gateway.config.yml:8:")
        .hasMessageContaining("https.options.ca[1]")
        .hasMessageContaining("tls/other-ca.crt");
  }

  @Test
  void everyUnusableFileIsReportedAtOnce() {
    starting(
            """
            https:
              port: 0
              tls:
                a.test: {key: tls/a.key, cert: tls/a.crt}
                default: {key: tls/server.key, cert: tls/b.crt}
            """)
        .hasMessageContaining("tls/a.key")
        .hasMessageContaining("tls/a.crt")
        .hasMessageContaining("tls/b.crt");
  }

  @Test
  void requestCertWithoutAnyCaIsRefused() {
    starting(
            """
            https:
              port: 0
              tls:
                default: {key: tls/server.key, cert: tls/server.crt}
              options: {requestCert: true, rejectUnauthorized: false}
            """)
        .hasMessageContaining("https.options.requestCert")
        .hasMessageContaining("requestCert needs the CAs that sign client certificates");
  }

  @Test
  void globSyntaxBeyondStarAndQuestionMarkIsRefused() {
    starting(
            """
            https:
              port: 0
              tls:
                '{api,www}.acme.test': {key: tls/sni-acme.key, cert: tls/sni-acme.crt}
            """)
        .hasMessageContaining("gateway.config.yml:5:")
        .hasMessageContaining("'{' is not supported in a server name glob");
  }

  @Test
  void nodeOptionsGatehouseDoesNotSupportAreRefused() {
    starting(
            """
            https:
              port: 0
              tls:
                default: {key: tls/server.key, cert: tls/server.crt}
              options: {ciphers: 'ECDHE-RSA-AES128-GCM-SHA256'}
            """)
        .hasMessageContaining("https.options")
        .hasMessageContaining("ciphers");
  }
}
