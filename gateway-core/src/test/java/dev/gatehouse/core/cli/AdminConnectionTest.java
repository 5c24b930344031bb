package dev.gatehouse.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line reaches a protected Admin API: with an API key (option, environment or EG's
 * {@code -H}), with the basic login, over HTTPS with a CA of its own; and finds the URL in the
 * environment and the configuration.
 */
@ExtendWith(BlockedThreadGuard.class)
class AdminConnectionTest {

  private static final String KEY = "cli-admin-key-0123456789";
  private static final String PASSWORD = "operator-password";

  private static GatewayFixture gateway;
  private static Path config;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    config = dir.resolve("config");
    TlsFiles.copyInto(config);
    gateway =
        GatewayFixture.config(config)
            .env("EG_DISABLE_CONFIG_WATCH", "true")
            .gateway(
                """
                http: {port: 0}
                admin:
                  port: 0
                  host: 127.0.0.1
                  tls: {key: tls/server.key, cert: tls/server.crt}
                  auth:
                    apiKeys: ['%s']
                    basic: {username: operator, passwordHash: '%s'}
                """
                    .formatted(KEY, bcrypt(PASSWORD)))
            .start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String bcrypt(String password) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, 4);
  }

  private static String url() {
    return "https://localhost:" + gateway.adminPort();
  }

  private static Cli trusting() {
    return Cli.at(url()).env("GATEHOUSE_ADMIN_CACERT", TlsFiles.path("ca.crt"));
  }

  @Test
  void anApiKeyFromTheOptionTheEnvironmentOrAHeaderIsAccepted() {
    assertThat(trusting().run("scopes", "list", "--api-key", KEY).status()).isZero();
    assertThat(trusting().env("GATEHOUSE_ADMIN_API_KEY", KEY).run("scopes", "list").status())
        .isZero();
    assertThat(trusting().run("scopes", "list", "-H", "X-API-Key: " + KEY).status()).isZero();
  }

  @Test
  void aHeaderWithoutNameOrValueIsAUsageError() {
    for (String header : new String[] {"X-API-Key " + KEY, ": " + KEY, "X-API-Key:  "}) {
      Cli.Result result = trusting().run("scopes", "list", "-H", header);

      assertThat(result.status()).as(header).isEqualTo(2);
      assertThat(result.err()).contains("-H takes 'Name: value', got '" + header + "'");
    }
  }

  @Test
  void theBasicLoginIsSentWithThePasswordFromTheEnvironment() {
    Cli.Result result =
        trusting()
            .env("GATEHOUSE_ADMIN_PASSWORD", PASSWORD)
            .run("scopes", "list", "--admin-user", "operator");

    assertThat(result.status()).as(result.toString()).isZero();
    Cli.Result noPassword = trusting().run("scopes", "list", "--admin-user", "operator");
    assertThat(noPassword.status()).isEqualTo(2);
    assertThat(noPassword.err()).contains("GATEHOUSE_ADMIN_PASSWORD");
  }

  @Test
  void withoutCredentialsTheRefusalSaysHowToAuthenticate() {
    Cli.Result refused = trusting().run("users", "list");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err())
        .contains("[401 auth.missing]")
        .contains("--api-key or GATEHOUSE_ADMIN_API_KEY");

    Cli.Result wrong = trusting().run("users", "list", "--api-key", "not-the-key-at-all");
    assertThat(wrong.err()).contains("[401 auth.invalid]");
    Cli.Result both =
        trusting().env("GATEHOUSE_ADMIN_USER", "operator").run("users", "list", "--api-key", KEY);
    assertThat(both.status()).isEqualTo(2);
  }

  @Test
  void anHttpsAdminApiSignedByAnUnknownCaIsRefusedNamingTheCaOption() {
    Cli.Result untrusted = Cli.at(url()).run("scopes", "list", "--api-key", KEY);

    assertThat(untrusted.status()).isEqualTo(3);
    assertThat(untrusted.err()).contains("TLS with the Admin API at " + url()).contains("--cacert");
    Cli.Result trusted =
        Cli.at(url()).run("scopes", "list", "--api-key", KEY, "--cacert", TlsFiles.path("ca.crt"));
    assertThat(trusted.status()).as(trusted.toString()).isZero();
    Cli.Result notPem =
        Cli.at(url())
            .run("scopes", "list", "--cacert", config.resolve("gateway.config.yml").toString());
    assertThat(notPem.status()).isEqualTo(2);
    assertThat(notPem.err()).contains("cannot read the CA certificates");
  }

  @Test
  void theUrlComesFromTheEnvironmentOrTheAdminListenerOfTheConfiguration(@TempDir Path other)
      throws Exception {
    Cli.Result fromEnv =
        Cli.bare()
            .env("EG_ADMIN_URL", url())
            .env("GATEHOUSE_ADMIN_API_KEY", KEY)
            .env("GATEHOUSE_ADMIN_CACERT", TlsFiles.path("ca.crt"))
            .run("scopes", "list");
    assertThat(fromEnv.status()).as(fromEnv.toString()).isZero();

    Files.writeString(
        other.resolve("gateway.config.yml"),
        "admin: {port: " + gateway.adminPort() + ", host: localhost, tls: {key: k, cert: c}}\n");
    Cli.Result fromConfig =
        Cli.bare()
            .env("GATEHOUSE_CONFIG_DIR", other.toString())
            .env("GATEHOUSE_ADMIN_API_KEY", KEY)
            .env("GATEHOUSE_ADMIN_CACERT", TlsFiles.path("ca.crt"))
            .run("scopes", "list", "-v");
    assertThat(fromConfig.status()).as(fromConfig.toString()).isZero();
    assertThat(fromConfig.err()).contains("> GET " + url() + "/scopes");
  }
}
