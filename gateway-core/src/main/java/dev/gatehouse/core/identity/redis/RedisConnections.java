package dev.gatehouse.core.identity.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisClusterTransactions;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's Redis client, built once from {@code db.redis} and shared by the stores that use
 * Redis (identity, rate limits). The client pools connections and reconnects by itself; {@link
 * #dedicated()} opens a connection of its own for pub/sub or transactions.
 *
 * <pre>{@code
 * RedisConnections.open(vertx, RedisConfig.parse(section, configDir))
 *     .compose(redis -> redis.client().send(Request.cmd(Command.PING)));
 * }</pre>
 */
public final class RedisConnections implements AutoCloseable {

  private final Vertx vertx;
  private final RedisConfig config;
  private final NetClientOptions net;
  private final Redis client;

  /** Cluster mode: one standalone client per seed node, for connections bound to one node. */
  private final List<Redis> nodes = new ArrayList<>();

  /** Cluster mode: standalone clients of the masters found so far, by address (shared, locked). */
  private final Map<String, Redis> masters = new ConcurrentHashMap<>();

  private RedisConnections(Vertx vertx, RedisConfig config, NetClientOptions net) {
    this.vertx = vertx;
    this.config = config;
    this.net = net;
    this.client = Redis.createClient(vertx, options(config, net));
    config.clusterNodes().forEach(node -> nodes.add(standalone(node.toString())));
  }

  private Redis standalone(String address) {
    RedisOptions options =
        base(config, net)
            .setType(RedisClientType.STANDALONE)
            .setConnectionString((config.tls() == null ? "redis://" : "rediss://") + address);
    return Redis.createClient(vertx, options);
  }

  /**
   * Builds the client; TLS files are read here (off the event loop). Connections open on first use.
   *
   * @return fails with an {@link IllegalArgumentException} naming the key of an unreadable file
   */
  public static Future<RedisConnections> open(Vertx vertx, RedisConfig config) {
    return netOptions(vertx, config.tls()).map(net -> new RedisConnections(vertx, config, net));
  }

  public RedisConfig config() {
    return config;
  }

  /** The pooled client: every command that needs no connection of its own. */
  public Redis client() {
    return client;
  }

  /** Whether this is a Redis Cluster, where one command or transaction may touch one slot only. */
  public boolean cluster() {
    return !nodes.isEmpty();
  }

  /**
   * A connection of its own, for pub/sub or {@code WATCH}/{@code MULTI}; close it when done. In
   * Cluster mode it is a plain connection to the first reachable seed node.
   */
  public Future<RedisConnection> dedicated() {
    if (nodes.isEmpty()) {
      return client.connect();
    }
    Future<RedisConnection> attempt = nodes.get(0).connect();
    for (Redis node : nodes.subList(1, nodes.size())) {
      attempt = attempt.recover(failure -> node.connect());
    }
    return attempt;
  }

  /**
   * The servers holding keys, to {@code SCAN} one after the other: the one server, or each master
   * of a Redis Cluster in a stable order (asked with {@code CLUSTER NODES}).
   */
  public Future<List<Redis>> keyHolders() {
    if (nodes.isEmpty()) {
      return Future.succeededFuture(List.of(client));
    }
    return dedicated()
        .compose(
            connection ->
                connection
                    .send(Request.cmd(Command.CLUSTER).arg("NODES"))
                    .eventually(connection::close))
        .map(
            reply -> {
              List<Redis> holders = new ArrayList<>();
              for (String address : masterAddresses(reply.toString())) {
                holders.add(masters.computeIfAbsent(address, this::standalone));
              }
              return holders;
            });
  }

  /** Masters' {@code host:port} from {@code CLUSTER NODES}, sorted. */
  static List<String> masterAddresses(String clusterNodes) {
    List<String> addresses = new ArrayList<>();
    for (String line : clusterNodes.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length < 3) {
        continue;
      }
      List<String> flags = List.of(fields[2].split(","));
      if (flags.contains("master") && !flags.contains("fail") && !flags.contains("noaddr")) {
        String address = fields[1];
        int bus = address.indexOf('@');
        addresses.add(bus < 0 ? address : address.substring(0, bus));
      }
    }
    addresses.sort(null);
    return addresses;
  }

  @Override
  public void close() {
    client.close();
    nodes.forEach(Redis::close);
    masters.values().forEach(Redis::close);
  }

  private static RedisOptions options(RedisConfig config, NetClientOptions net) {
    RedisOptions options = base(config, net);
    if (!config.clusterNodes().isEmpty()) {
      options
          .setType(RedisClientType.CLUSTER)
          .setUseReplicas(RedisReplicas.NEVER)
          .setClusterTransactions(RedisClusterTransactions.DISABLED);
      config.clusterNodes().forEach(node -> options.addConnectionString(uri(config, node, 0)));
    } else if (!config.sentinels().isEmpty()) {
      options
          .setType(RedisClientType.SENTINEL)
          .setMasterName(config.name())
          .setRole(RedisRole.MASTER);
      config
          .sentinels()
          .forEach(node -> options.addConnectionString(uri(config, node, config.db())));
    } else {
      options
          .setType(RedisClientType.STANDALONE)
          .setConnectionString(
              uri(config, new RedisConfig.Endpoint(config.host(), config.port()), config.db()));
    }
    return options;
  }

  private static RedisOptions base(RedisConfig config, NetClientOptions net) {
    RedisOptions options =
        new RedisOptions()
            .setNetClientOptions(new NetClientOptions(net))
            // Transactions and the subscription hold connections of their own; lookups share.
            .setMaxPoolSize(16)
            .setMaxPoolWaiting(1024)
            .setMaxWaitingHandlers(4096);
    if (config.password() != null) {
      options.setPassword(config.password());
      if (config.username() != null) {
        options.setUser(config.username());
      }
    }
    return options;
  }

  /** Credentials stay out of the URI: they need no escaping in options. */
  private static String uri(RedisConfig config, RedisConfig.Endpoint endpoint, int db) {
    return (config.tls() == null ? "redis://" : "rediss://") + endpoint + "/" + db;
  }

  private static Future<NetClientOptions> netOptions(Vertx vertx, RedisConfig.Tls tls) {
    NetClientOptions net = new NetClientOptions().setTcpKeepAlive(true).setTcpNoDelay(true);
    if (tls == null) {
      return Future.succeededFuture(net);
    }
    net.setSsl(true);
    if (tls.verify()) {
      net.setHostnameVerificationAlgorithm("HTTPS");
    } else {
      net.setTrustAll(true).setHostnameVerificationAlgorithm("");
    }
    Future<Buffer> key = pem(vertx, tls.keyFile(), tls.key(), "keyFile");
    Future<Buffer> cert = pem(vertx, tls.certFile(), tls.cert(), "certFile");
    Future<Buffer> ca = pem(vertx, tls.caFile(), tls.ca(), "caFile");
    return Future.all(key, cert, ca)
        .map(
            read -> {
              if (key.result() != null && cert.result() != null) {
                net.setKeyCertOptions(
                    new PemKeyCertOptions().setKeyValue(key.result()).setCertValue(cert.result()));
              } else if (key.result() != null || cert.result() != null) {
                throw new IllegalArgumentException(
                    RedisConfig.SECTION + ".tls: keyFile and certFile go together");
              }
              if (ca.result() != null && tls.verify()) {
                net.setTrustOptions(new PemTrustOptions().addCertValue(ca.result()));
              }
              return net;
            });
  }

  private static Future<Buffer> pem(Vertx vertx, Path file, String inline, String field) {
    if (inline != null) {
      return Future.succeededFuture(Buffer.buffer(inline));
    }
    if (file == null) {
      return Future.succeededFuture();
    }
    return vertx
        .fileSystem()
        .readFile(file.toString())
        .recover(
            failure ->
                Future.failedFuture(
                    new IllegalArgumentException(
                        RedisConfig.SECTION
                            + ".tls."
                            + field
                            + ": cannot read "
                            + file
                            + " ("
                            + failure.getMessage()
                            + ")")));
  }
}
