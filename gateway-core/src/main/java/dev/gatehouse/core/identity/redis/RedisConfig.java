package dev.gatehouse.core.identity.redis;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code system.config.yml} {@code db.redis}, bound: Express Gateway's ioredis options that
 * Gatehouse honours, plus {@code cluster}.
 *
 * <pre>{@code
 * RedisConfig config = RedisConfig.parse(system.getJsonObject("db").getJsonObject("redis"), dir);
 * }</pre>
 *
 * @param host the server (standalone), default {@code localhost}
 * @param port default 6379
 * @param username an ACL user (Redis 6+), or null for {@code default}
 * @param password or null
 * @param db the database number (not in Cluster mode)
 * @param tls TLS settings, or null for plain TCP
 * @param sentinels Sentinel endpoints; when not empty, {@code name} is the monitored master
 * @param name the Sentinel master name
 * @param clusterNodes Redis Cluster seed nodes; when not empty, host and port are ignored
 * @param namespace the key prefix, default {@code EG}
 * @param emulate EG's in-memory mode (no Redis at all)
 * @param ignored ioredis options Gatehouse does not use (connection tuning), to log once
 */
public record RedisConfig(
    String host,
    int port,
    String username,
    String password,
    int db,
    Tls tls,
    List<Endpoint> sentinels,
    String name,
    List<Endpoint> clusterNodes,
    String namespace,
    boolean emulate,
    Set<String> ignored) {

  /** What errors and logs call the section. */
  static final String SECTION = "db.redis";

  private static final Set<String> KNOWN =
      Set.of(
          "host",
          "port",
          "username",
          "password",
          "db",
          "tls",
          "sentinels",
          "name",
          "cluster",
          "namespace",
          "emulate");

  /** ioredis options whose meaning Gatehouse cannot honour: starting anyway would be wrong. */
  private static final Set<String> UNSUPPORTED =
      Set.of("keyPrefix", "path", "sentinelPassword", "sentinelUsername", "natMap");

  public RedisConfig {
    sentinels = List.copyOf(sentinels);
    clusterNodes = List.copyOf(clusterNodes);
    ignored = Set.copyOf(ignored);
  }

  /** A server address. */
  public record Endpoint(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * TLS towards Redis, as ioredis' {@code tls} object: PEM files (read at start) or inline PEM.
   *
   * @param keyFile the client key for mutual TLS, or null
   * @param certFile the client certificate chain, or null
   * @param caFile the CAs to trust instead of the JVM's, or null
   * @param key inline PEM key, or null
   * @param cert inline PEM certificate, or null
   * @param ca inline PEM CAs, or null
   * @param verify false when {@code rejectUnauthorized: false} (any server certificate)
   */
  public record Tls(
      Path keyFile,
      Path certFile,
      Path caFile,
      String key,
      String cert,
      String ca,
      boolean verify) {

    /** Hides inline key material. */
    @Override
    public String toString() {
      return "Tls[caFile=" + caFile + ", certFile=" + certFile + ", verify=" + verify + "]";
    }
  }

  /** Hides the password. */
  @Override
  public String toString() {
    return "RedisConfig[" + describe() + ", namespace=" + namespace + "]";
  }

  /** Where this configuration connects, for logs: never credentials. */
  public String describe() {
    if (!clusterNodes.isEmpty()) {
      return "cluster " + clusterNodes;
    }
    if (!sentinels.isEmpty()) {
      return "sentinel master " + name + " via " + sentinels;
    }
    return new Endpoint(host, port) + "/" + db + (tls == null ? "" : " (tls)");
  }

  /**
   * Binds {@code db.redis}.
   *
   * @param section the {@code db.redis} object (null means all defaults)
   * @param configDirectory where relative TLS file paths are resolved
   * @throws IllegalArgumentException naming the offending key, e.g. {@code db.redis.port}
   */
  public static RedisConfig parse(JsonObject section, Path configDirectory) {
    JsonObject redis = section == null ? new JsonObject() : section;
    Set<String> ignored = new TreeSet<>();
    for (String key : redis.fieldNames()) {
      if (UNSUPPORTED.contains(key)) {
        throw new IllegalArgumentException(
            SECTION + "." + key + ": this ioredis option is not supported by Gatehouse");
      }
      if (!KNOWN.contains(key)) {
        ignored.add(key);
      }
    }
    List<Endpoint> sentinels = endpoints(redis.getValue("sentinels"), SECTION + ".sentinels");
    String name = string(redis, "name");
    if (!sentinels.isEmpty() && name == null) {
      throw new IllegalArgumentException(
          SECTION + ".name: the Sentinel master name is required with sentinels");
    }
    List<Endpoint> cluster = clusterNodes(redis.getValue("cluster"));
    if (!cluster.isEmpty() && !sentinels.isEmpty()) {
      throw new IllegalArgumentException(
          SECTION + ".cluster: use either cluster or sentinels, not both");
    }
    int db = integer(redis, "db", 0, 0, 65_535);
    if (!cluster.isEmpty() && db != 0) {
      throw new IllegalArgumentException(SECTION + ".db: Redis Cluster has database 0 only");
    }
    String namespace = redis.getValue("namespace") == null ? "EG" : string(redis, "namespace");
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException(SECTION + ".namespace: must not be empty");
    }
    String host = string(redis, "host");
    return new RedisConfig(
        host == null ? "localhost" : host,
        integer(redis, "port", 6379, 1, 65_535),
        string(redis, "username"),
        string(redis, "password"),
        db,
        tls(redis.getValue("tls"), configDirectory),
        sentinels,
        name,
        cluster,
        namespace,
        bool(redis.getValue("emulate"), SECTION + ".emulate", false),
        ignored);
  }

  private static Tls tls(Object value, Path configDirectory) {
    String key = SECTION + ".tls";
    if (value == null || Boolean.FALSE.equals(value) || "false".equals(value)) {
      return null;
    }
    if (Boolean.TRUE.equals(value) || "true".equals(value)) {
      return new Tls(null, null, null, null, null, null, true);
    }
    if (!(value instanceof JsonObject tls)) {
      throw new IllegalArgumentException(key + ": expected true or an object of TLS options");
    }
    return new Tls(
        path(tls, "keyFile", configDirectory),
        path(tls, "certFile", configDirectory),
        path(tls, "caFile", configDirectory),
        pem(tls, "key"),
        pem(tls, "cert"),
        pem(tls, "ca"),
        bool(tls.getValue("rejectUnauthorized"), key + ".rejectUnauthorized", true));
  }

  private static Path path(JsonObject tls, String field, Path configDirectory) {
    String file = tlsString(tls, field);
    return file == null ? null : configDirectory.resolve(file).normalize();
  }

  private static String pem(JsonObject tls, String field) {
    Object value = tls.getValue(field);
    if (value instanceof JsonArray array) {
      List<String> parts = new ArrayList<>();
      for (Object part : array) {
        parts.add(String.valueOf(part));
      }
      return String.join("\n", parts);
    }
    return tlsString(tls, field);
  }

  private static String tlsString(JsonObject tls, String field) {
    Object value = tls.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException(SECTION + ".tls." + field + ": expected a string");
    }
    return text;
  }

  private static List<Endpoint> clusterNodes(Object value) {
    String key = SECTION + ".cluster";
    if (value == null) {
      return List.of();
    }
    if (value instanceof JsonObject cluster) {
      return endpoints(cluster.getValue("nodes"), key + ".nodes");
    }
    return endpoints(value, key);
  }

  private static List<Endpoint> endpoints(Object value, String key) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException(key + ": expected a list of {host, port} or host:port");
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      endpoints.add(endpoint(array.getValue(i), key + "[" + i + "]"));
    }
    return endpoints;
  }

  private static Endpoint endpoint(Object value, String key) {
    if (value instanceof JsonObject node) {
      String host = node.getValue("host") == null ? "localhost" : string(node, "host", key);
      return new Endpoint(host, port(node.getValue("port"), key + ".port", 6379));
    }
    if (value instanceof String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(key + ": expected host:port, got '" + text + "'");
      }
      String host = text.substring(0, colon).replace("[", "").replace("]", "");
      return new Endpoint(host, port(text.substring(colon + 1), key, 6379));
    }
    throw new IllegalArgumentException(key + ": expected {host, port} or host:port");
  }

  private static int port(Object value, String key, int fallback) {
    return number(value, key, fallback, 1, 65_535);
  }

  private static int integer(JsonObject json, String field, int fallback, int min, int max) {
    return number(json.getValue(field), SECTION + "." + field, fallback, min, max);
  }

  /** Numbers may arrive as text: {@code ${REDIS_PORT:-6379}} substitutes a string. */
  private static int number(Object value, String key, int fallback, int min, int max) {
    if (value == null) {
      return fallback;
    }
    long number;
    if (value instanceof Number n && n.doubleValue() == n.longValue()) {
      number = n.longValue();
    } else if (value instanceof String text && text.trim().matches("\\d{1,9}")) {
      number = Long.parseLong(text.trim());
    } else {
      throw new IllegalArgumentException(
          key + ": expected an integer from " + min + " to " + max + ", got '" + value + "'");
    }
    if (number < min || number > max) {
      throw new IllegalArgumentException(
          key + ": expected an integer from " + min + " to " + max + ", got " + number);
    }
    return (int) number;
  }

  private static boolean bool(Object value, String key, boolean fallback) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException(key + ": expected true or false, got '" + value + "'");
  }

  private static String string(JsonObject json, String field) {
    return string(json, field, SECTION + "." + field);
  }

  /** Scalars become text, as ioredis takes {@code password: 1234}. */
  private static String string(JsonObject json, String field, String key) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      throw new IllegalArgumentException(key + ": expected a string");
    }
    return String.valueOf(value);
  }
}
