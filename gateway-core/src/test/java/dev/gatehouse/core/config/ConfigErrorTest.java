package dev.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigErrorTest {

  private static final ConfigPath ACTION = ConfigPath.parse("pipelines.api.policies[1].jwt.action");

  @Test
  void formatsFileLineColumnPathAndMessage() {
    ConfigError error =
        ConfigError.of(
            new SourceLocation("gateway.config.yml", 42, 7),
            ACTION,
            "required property 'secretOrPublicKey' missing");

    assertThat(error.format())
        .isEqualTo(
            "gateway.config.yml:42:7 pipelines.api.policies[1].jwt.action:"
                + " required property 'secretOrPublicKey' missing");
  }

  @Test
  void appendsTheCodeInBrackets() {
    ConfigError error =
        new ConfigError(
            new SourceLocation("gateway.config.yml", 42, 7),
            ACTION,
            "POLICY_PARAMS_VALIDATION_FAILED",
            "required property 'secretOrPublicKey' missing");

    assertThat(error.format())
        .isEqualTo(
            "gateway.config.yml:42:7 pipelines.api.policies[1].jwt.action:"
                + " required property 'secretOrPublicKey' missing [POLICY_PARAMS_VALIDATION_FAILED]");
  }

  @Test
  void leavesOutWhatIsUnknown() {
    assertThat(ConfigError.of(null, ACTION, "bad").format())
        .isEqualTo("pipelines.api.policies[1].jwt.action: bad");
    assertThat(ConfigError.of(null, ConfigPath.root(), "bad").format()).isEqualTo("bad");
    assertThat(
            ConfigError.of(
                    new SourceLocation("gateway.config.yml", 3, 9),
                    ConfigPath.root(),
                    "mapping values are not allowed here")
                .format())
        .isEqualTo("gateway.config.yml:3:9: mapping values are not allowed here");
    assertThat(
            ConfigError.of(SourceLocation.ofFile("system.config.yml"), ConfigPath.root(), "gone")
                .format())
        .isEqualTo("system.config.yml: gone");
    assertThat(ConfigError.of(null, ACTION, "x").withCode("POLICY_NOT_DECLARED").format())
        .isEqualTo("pipelines.api.policies[1].jwt.action: x [POLICY_NOT_DECLARED]");
  }

  @Test
  void sourceLocationRejectsImpossiblePositions() {
    assertThat(new SourceLocation("a.yml", 3, 0)).hasToString("a.yml:3");
    assertThatThrownBy(() -> new SourceLocation("a.yml", 0, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SourceLocation("a.yml", -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exceptionMessageListsEveryErrorOnItsOwnLine() {
    ConfigError first =
        ConfigError.of(
            new SourceLocation("gateway.config.yml", 2, 3), ConfigPath.parse("http.port"), "a");
    ConfigError second =
        ConfigError.of(
            new SourceLocation("gateway.config.yml", 9, 1), ConfigPath.parse("admin"), "b");

    ConfigException exception = new ConfigException(List.of(first, second));

    assertThat(exception.errors()).containsExactly(first, second);
    assertThat(exception.getMessage())
        .isEqualTo("gateway.config.yml:2:3 http.port: a\ngateway.config.yml:9:1 admin: b");
    assertThatThrownBy(() -> new ConfigException(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
