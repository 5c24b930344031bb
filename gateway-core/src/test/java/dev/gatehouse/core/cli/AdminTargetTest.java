package dev.gatehouse.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.ConfigFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which Admin API the command line calls: {@code --admin-url}, then {@code GATEHOUSE_ADMIN_URL},
 * {@code EG_ADMIN_URL}, {@code cli.url}, the configured admin listener, the default.
 */
class AdminTargetTest {

  @TempDir Path dir;

  private String resolve(String option, Map<String, String> env) throws CliFailure {
    return AdminTarget.resolve(option, env, new ConfigFiles(dir)).url().toString();
  }

  private void system(String yaml) throws Exception {
    Files.writeString(dir.resolve("system.config.yml"), yaml);
  }

  private void gateway(String yaml) throws Exception {
    Files.writeString(dir.resolve("gateway.config.yml"), yaml);
  }

  @Test
  void theOptionWinsOverTheEnvironmentWhichWinsOverTheConfiguration() throws Exception {
    system("cli:\n  url: http://from-system:1\n");
    gateway("admin: {port: 2, host: from-gateway}\n");
    Map<String, String> env =
        Map.of("GATEHOUSE_ADMIN_URL", "http://gatehouse-env:3", "EG_ADMIN_URL", "http://eg-env:4");

    assertThat(resolve("https://option:5/admin", env)).isEqualTo("https://option:5/admin");
    assertThat(resolve(null, env)).isEqualTo("http://gatehouse-env:3");
    assertThat(resolve(null, Map.of("EG_ADMIN_URL", "http://eg-env:4")))
        .isEqualTo("http://eg-env:4");
    assertThat(resolve(null, Map.of())).isEqualTo("http://from-system:1");
  }

  @Test
  void withoutAUrlTheConfiguredAdminListenerIsCalledOverHttpsWhenItHasTls() throws Exception {
    gateway("admin:\n  port: ${ADMIN_PORT:-9876}\n  host: 0.0.0.0\n");
    assertThat(resolve(null, Map.of("ADMIN_PORT", "7000"))).isEqualTo("http://127.0.0.1:7000");

    gateway("admin:\n  port: 7001\n  host: admin.internal\n  tls: {key: a.key, cert: a.crt}\n");
    assertThat(resolve(null, Map.of())).isEqualTo("https://admin.internal:7001");

    gateway("admin: {port: 7002, host: '::'}\n");
    assertThat(resolve(null, Map.of())).isEqualTo("http://[::1]:7002");
  }

  @Test
  void withNothingConfiguredItIsExpressGatewaysDefault() throws Exception {
    assertThat(resolve(null, Map.of())).isEqualTo("http://localhost:9876");
    gateway("http: {port: 8080}\n");
    assertThat(resolve(null, Map.of())).isEqualTo("http://localhost:9876");
    gateway("admin: {port: null}\n");
    assertThat(resolve(null, Map.of())).isEqualTo("http://localhost:9876");
  }

  @Test
  void aUrlThatIsNotHttpOrAnUnreadableConfigurationIsAUsageError() throws Exception {
    assertThatThrownBy(() -> resolve("localhost:9876", Map.of()))
        .isInstanceOf(CliFailure.class)
        .hasMessageContaining("--admin-url must be an http or https URL")
        .extracting(e -> ((CliFailure) e).exitCode())
        .isEqualTo(CliFailure.USAGE);
    system("cli: [broken\n");
    assertThatThrownBy(() -> resolve(null, Map.of()))
        .hasMessageContaining("system.config.yml")
        .hasMessageContaining("--admin-url");
  }
}
