package dev.gatehouse.core.identity;

import static dev.gatehouse.core.identity.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigFiles;
import dev.gatehouse.core.config.ConfigLoader;
import dev.gatehouse.core.config.SystemConfig;
import dev.gatehouse.core.config.SystemConfig.Db.Store;
import dev.gatehouse.core.identity.store.IdentityStores;
import dev.gatehouse.core.identity.store.InMemoryIdentityStore;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code system.config.yml} {@code db} and {@code crypto}: bound, defaulted and checked at load.
 */
class IdentitySettingsTest {

  @TempDir Path dir;

  private SystemConfig load(String yaml) throws Exception {
    Files.writeString(dir.resolve("system.config.yml"), yaml);
    return new ConfigLoader(new ConfigFiles(dir), Map.of()).loadSystem();
  }

  @Test
  void withoutADbSectionTheStoreIsEmbeddedInTheDataFolder() throws Exception {
    SystemConfig system = load("");

    assertThat(system.db().store()).isEqualTo(Store.EMBEDDED);
    assertThat(system.db().embeddedPath()).isEqualTo(SystemConfig.Db.defaultPath());
    assertThat(SystemConfig.Db.defaultPath().getFileName()).isEqualTo(Path.of("data"));
    assertThat(load("db:\n").db().store()).isEqualTo(Store.EMBEDDED);
    assertThat(load("db: {embedded: {}}\n").db().embeddedPath())
        .isEqualTo(SystemConfig.Db.defaultPath());
  }

  @Test
  void anEmbeddedPathIsTakenAsGivenOrRelativeToTheDistribution() throws Exception {
    assertThat(load("db: {embedded: {path: /var/lib/gatehouse}}\n").db().embeddedPath())
        .isEqualTo(Path.of("/var/lib/gatehouse"));
    assertThat(load("db: {embedded: {path: state/identity}}\n").db().embeddedPath())
        .isEqualTo(SystemConfig.Db.defaultPath().resolveSibling("state/identity"));
  }

  @Test
  void redisEmulateMeansInMemoryAsInExpressGateway() throws Exception {
    SystemConfig system = load("db:\n  redis:\n    emulate: true\n    namespace: EG\n");

    assertThat(system.db().store()).isEqualTo(Store.MEMORY);
    Vertx vertx = Vertx.vertx();
    try {
      IdentityStore store = await(IdentityStores.open(vertx, system, dir));
      assertThat(store).isInstanceOf(InMemoryIdentityStore.class);
      store.close();
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aBadRedisSettingIsAConfigurationErrorAtItsLine() throws Exception {
    SystemConfig system = load("# identity\ndb:\n  redis:\n    host: localhost\n    db: -1\n");

    assertThat(system.db().store()).isEqualTo(Store.REDIS);
    assertThat(system.db().redis().path("host").asText()).isEqualTo("localhost");
    Vertx vertx = Vertx.vertx();
    try {
      assertThatThrownBy(() -> IdentityStores.open(vertx, system, dir))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("system.config.yml:3")
          .hasMessageContaining("db.redis.db");
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void anUnreachableRedisFailsTheStartNamingItsAddress() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SystemConfig system =
        load("db:\n  redis:\n    host: 127.0.0.1\n    port: " + closedPort + "\n");
    Vertx vertx = Vertx.vertx();
    try {
      assertThatThrownBy(() -> await(IdentityStores.open(vertx, system, dir)))
          .hasMessageContaining(String.valueOf(closedPort));
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void embeddedAndRedisTogetherOrAnUnknownStoreAreRefused() {
    assertThatThrownBy(() -> load("db: {embedded: {}, redis: {}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("choose one store");
    assertThatThrownBy(() -> load("db: {embeded: {}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("embeded");
    assertThatThrownBy(() -> load("db: {embedded: {path: ''}}\n"))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void cryptoDefaultsToExpressGatewaysValuesAndFlagsItsPublishedKey() throws Exception {
    SystemConfig.Crypto defaults = load("").crypto();
    SystemConfig.Crypto chosen =
        load("crypto:\n  cipherKey: my own key\n  saltRounds: '12'\n").crypto();

    assertThat(defaults.saltRounds()).isEqualTo(10);
    assertThat(defaults.algorithm()).isEqualTo("aes256");
    assertThat(defaults.defaultCipherKey()).isTrue();
    assertThat(chosen.saltRounds()).isEqualTo(12);
    assertThat(chosen.defaultCipherKey()).isFalse();
    assertThat(chosen.toString()).doesNotContain("my own key");
  }

  @Test
  void aBcryptCostOutsideFourToThirtyOneIsRefused() {
    assertThatThrownBy(() -> load("crypto: {saltRounds: 3}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("crypto.saltRounds");
    assertThatThrownBy(() -> load("crypto: {saltRounds: 32}\n"))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void theShippedSystemConfigurationChoosesTheEmbeddedStore() throws Exception {
    Files.copy(
        Path.of("..", "distribution", "src", "config", "system.config.yml"),
        dir.resolve("system.config.yml"));

    SystemConfig system = new ConfigLoader(new ConfigFiles(dir), Map.of()).loadSystem();

    assertThat(system.db().store()).isEqualTo(Store.EMBEDDED);
    assertThat(system.crypto().saltRounds()).isEqualTo(10);
  }
}
