package dev.gatehouse.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatehouse validate} checks the identity settings too: the model files (each error with its
 * file, line and path), {@code db} and {@code crypto}; it never opens the store, which a running
 * gateway holds.
 */
class ValidateIdentityTest {

  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void setUp() throws Exception {
    config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("gateway.config.yml"), "http: {port: 0}\n");
    system("db:\n  embedded:\n    path: " + dir.resolve("data") + "\ncrypto:\n  cipherKey: own\n");
  }

  private void system(String yaml) throws Exception {
    Files.writeString(config.resolve("system.config.yml"), yaml);
  }

  private void model(String file, String json) throws Exception {
    Files.createDirectories(config.resolve("models"));
    Files.writeString(config.resolve("models").resolve(file), json);
  }

  private record Run(int status, String out, String err) {}

  private Run validate() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "validate",
            "--config-dir",
            config.toString());
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void aValidConfigurationPassesWithoutOpeningTheStore() {
    Run run = validate();

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("configuration OK").doesNotContain("warning");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aSigningKeyThatCannotBeReadOrUsedIsNamedWithFileLineAndPath() throws Exception {
    Files.writeString(config.resolve("short.secret"), "too short");
    system(
        "db:\n  embedded:\n    path: "
            + dir.resolve("data")
            + "\ncrypto:\n  cipherKey: own\naccessTokens:\n  tokenType: jwt\n"
            + "  algorithm: HS256\n  secretOrPrivateKeyFile: short.secret\n");

    Run run = validate();

    assertThat(run.status()).isNotZero();
    assertThat(run.err())
        .contains("system.config.yml:9:3")
        .contains("accessTokens.secretOrPrivateKeyFile")
        .contains("at least 32 bytes");

    system(
        "db:\n  embedded:\n    path: "
            + dir.resolve("data")
            + "\naccessTokens:\n  secretOrPrivateKeyFile: missing.pem\n");
    assertThat(validate().err())
        .contains("system.config.yml:5:3")
        .contains("cannot read the key file");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aModelThatIsNotAValidSchemaIsNamedWithFileLineAndPath() throws Exception {
    model(
        "users.json",
        """
        {
          "type": "object",
          "properties": {
            "firstname": {"type": "strin"},
            "lastname": {"type": "string"}
          },
          "required": ["firstname", 3]
        }
        """);
    model(
        "applications.json",
        "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"name\": }\n}\n");

    Run run = validate();

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern("models/users\\.json:4:\\d+ properties\\.firstname\\.type: ")
        .containsPattern("models/users\\.json:7:\\d+ required\\[1\\]: ")
        .containsPattern("models/applications\\.json:4:\\d+: not valid JSON: ")
        .contains("3 errors");
  }

  @Test
  void aCredentialModelWhoseReferenceDoesNotResolveIsNamedWithItsType() throws Exception {
    model(
        "credentials.json",
        """
        {
          "type": "object",
          "properties": {
            "key-auth": {"$ref": "#/definitions/missing"}
          }
        }
        """);

    Run run = validate();

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern("models/credentials\\.json:4:\\d+ properties\\.key-auth: ");
  }

  @Test
  void badStoreSettingsAreNamedWithTheirLine() throws Exception {
    system("# store\ndb:\n  redis:\n    host: localhost\n    db: -1\n");
    Run redis = validate();
    assertThat(redis.status()).isEqualTo(1);
    assertThat(redis.err())
        .containsPattern("system\\.config\\.yml:3:\\d+ db\\.redis: .*db\\.redis\\.db");

    Path file = Files.writeString(dir.resolve("a-file"), "x");
    system("db:\n  embedded:\n    path: " + file + "\n");
    Run embedded = validate();
    assertThat(embedded.status()).isEqualTo(1);
    assertThat(embedded.err())
        .containsPattern("system\\.config\\.yml:3:\\d+ db\\.embedded\\.path: must be a folder");

    system("crypto: {saltRounds: 3}\n");
    assertThat(validate().err()).contains("crypto.saltRounds");
  }

  @Test
  void expressGatewaysDefaultCipherKeyIsAWarningNotAnError() throws Exception {
    system("db:\n  embedded:\n    path: " + dir.resolve("data") + "\n");

    Run run = validate();

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("warning: system.config.yml crypto.cipherKey");
  }
}
