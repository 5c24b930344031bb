package dev.gatehouse.core.identity.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Binding {@code system.config.yml} {@code db.redis}, and its errors naming the key. */
class RedisConfigTest {

  private static final Path CONFIG = Path.of("/etc/gatehouse");

  private static RedisConfig parse(String json) {
    return RedisConfig.parse(new JsonObject(json), CONFIG);
  }

  private static void refused(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void anEmptySectionMeansExpressGatewaysDefaults() {
    RedisConfig config = RedisConfig.parse(null, CONFIG);

    assertThat(config.host()).isEqualTo("localhost");
    assertThat(config.port()).isEqualTo(6379);
    assertThat(config.db()).isZero();
    assertThat(config.namespace()).isEqualTo("EG");
    assertThat(config.username()).isNull();
    assertThat(config.password()).isNull();
    assertThat(config.tls()).isNull();
    assertThat(config.sentinels()).isEmpty();
    assertThat(config.clusterNodes()).isEmpty();
    assertThat(config.emulate()).isFalse();
  }

  @Test
  void substitutedValuesArriveAsTextAndAreTakenAsNumbersAndBooleans() {
    RedisConfig config =
        parse(
            "{\"host\":\"redis\",\"port\":\"6380\",\"db\":\"2\",\"password\":1234,"
                + "\"emulate\":\"false\",\"namespace\":\"ACME\"}");

    assertThat(config.port()).isEqualTo(6380);
    assertThat(config.db()).isEqualTo(2);
    assertThat(config.password()).isEqualTo("1234");
    assertThat(config.emulate()).isFalse();
    assertThat(config.namespace()).isEqualTo("ACME");
  }

  @Test
  void aPasswordNeverShowsInTextOrDescriptions() {
    RedisConfig config = parse("{\"username\":\"gw\",\"password\":\"hunter2\"}");

    assertThat(config.toString()).doesNotContain("hunter2");
    assertThat(config.describe()).doesNotContain("hunter2").doesNotContain("gw");
  }

  @Test
  void sentinelsNeedTheMasterName() {
    RedisConfig config =
        parse(
            "{\"sentinels\":[{\"host\":\"s1\",\"port\":26379},\"s2:26380\"],"
                + "\"name\":\"mymaster\"}");

    assertThat(config.sentinels())
        .containsExactly(
            new RedisConfig.Endpoint("s1", 26379), new RedisConfig.Endpoint("s2", 26380));
    assertThat(config.name()).isEqualTo("mymaster");
    assertThat(config.describe()).isEqualTo("sentinel master mymaster via [s1:26379, s2:26380]");
    refused("{\"sentinels\":[\"s1:26379\"]}", "db.redis.name:");
  }

  @Test
  void clusterNodesAreAListOrAnObjectWithNodes() {
    assertThat(parse("{\"cluster\":[\"n1:7000\",{\"host\":\"n2\",\"port\":7001}]}").clusterNodes())
        .containsExactly(
            new RedisConfig.Endpoint("n1", 7000), new RedisConfig.Endpoint("n2", 7001));
    assertThat(parse("{\"cluster\":{\"nodes\":[\"[::1]:7000\"]}}").clusterNodes())
        .containsExactly(new RedisConfig.Endpoint("::1", 7000));
    refused("{\"cluster\":[\"n1:7000\"],\"db\":1}", "db.redis.db:");
    refused(
        "{\"cluster\":[\"n1:7000\"],\"sentinels\":[\"s:1\"],\"name\":\"m\"}", "db.redis.cluster:");
    refused("{\"cluster\":[\"n1\"]}", "db.redis.cluster[0]:");
    refused("{\"cluster\":{\"nodes\":[{\"port\":\"x\"}]}}", "db.redis.cluster.nodes[0].port:");
  }

  @Test
  void tlsFilesAreResolvedAgainstTheConfigDirectory() {
    RedisConfig.Tls tls =
        parse(
                "{\"tls\":{\"caFile\":\"certs/ca.pem\",\"certFile\":\"/abs/c.pem\","
                    + "\"keyFile\":\"k.pem\",\"rejectUnauthorized\":false}}")
            .tls();

    assertThat(tls.caFile()).isEqualTo(Path.of("/etc/gatehouse/certs/ca.pem"));
    assertThat(tls.certFile()).isEqualTo(Path.of("/abs/c.pem"));
    assertThat(tls.keyFile()).isEqualTo(Path.of("/etc/gatehouse/k.pem"));
    assertThat(tls.verify()).isFalse();
    assertThat(parse("{\"tls\":true}").tls().verify()).isTrue();
    assertThat(parse("{\"tls\":{}}").tls()).isNotNull();
    assertThat(parse("{\"tls\":false}").tls()).isNull();
  }

  @Test
  void inlinePemKeysNeverShowInText() {
    RedisConfig.Tls tls =
        RedisConfig.parse(
                new JsonObject()
                    .put(
                        "tls",
                        new JsonObject()
                            .put("key", "-----BEGIN PRIVATE KEY-----secret")
                            .put("ca", new JsonArray().add("ca1").add("ca2"))),
                CONFIG)
            .tls();

    assertThat(tls.ca()).isEqualTo("ca1\nca2");
    assertThat(tls.toString()).doesNotContain("secret");
  }

  @Test
  void wrongValuesAreRefusedNamingTheirKey() {
    refused("{\"port\":\"http\"}", "db.redis.port: expected an integer from 1 to 65535");
    refused("{\"port\":70000}", "db.redis.port:");
    refused("{\"db\":-1}", "db.redis.db:");
    refused("{\"host\":{\"a\":1}}", "db.redis.host: expected a string");
    refused("{\"namespace\":\"\"}", "db.redis.namespace:");
    refused("{\"emulate\":\"maybe\"}", "db.redis.emulate: expected true or false");
    refused("{\"tls\":\"yes\"}", "db.redis.tls:");
    refused("{\"tls\":{\"caFile\":3}}", "db.redis.tls.caFile: expected a string");
    refused("{\"sentinels\":\"s1\"}", "db.redis.sentinels:");
  }

  @Test
  void ioredisOptionsThatWouldChangeWhereDataLivesAreRefused() {
    refused("{\"keyPrefix\":\"app:\"}", "db.redis.keyPrefix: this ioredis option is not supported");
    refused("{\"sentinelPassword\":\"x\"}", "db.redis.sentinelPassword:");
  }

  @Test
  void ioredisTuningOptionsAreIgnoredAndListed() {
    assertThat(parse("{\"connectTimeout\":1000,\"family\":4,\"port\":6379}").ignored())
        .containsExactlyInAnyOrder("connectTimeout", "family");
  }
}
