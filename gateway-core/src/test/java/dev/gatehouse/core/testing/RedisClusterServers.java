package dev.gatehouse.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis Cluster of three masters for tests, made of {@link RedisServer#clusterNode()}s: the hash
 * slots split in three, the nodes introduced to each other, started and stopped with the class.
 */
public final class RedisClusterServers implements BeforeAllCallback, AfterAllCallback {

  private static final int SLOTS = 16_384;

  private final List<RedisServer> nodes = new ArrayList<>();

  public RedisClusterServers() {
    for (int i = 0; i < 3; i++) {
      nodes.add(RedisServer.clusterNode());
    }
  }

  public List<RedisServer> nodes() {
    return nodes;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    for (RedisServer node : nodes) {
      node.beforeAll(context);
    }
    int share = SLOTS / nodes.size();
    for (int i = 0; i < nodes.size(); i++) {
      int first = i * share;
      int last = i == nodes.size() - 1 ? SLOTS - 1 : first + share - 1;
      // ADDSLOTS (not Redis 7's ADDSLOTSRANGE), so the bundled Redis 6.2 builds clusters too.
      String[] command = new String[2 + last - first + 1];
      command[0] = "CLUSTER";
      command[1] = "ADDSLOTS";
      for (int slot = first; slot <= last; slot++) {
        command[2 + slot - first] = String.valueOf(slot);
      }
      nodes.get(i).call(command);
    }
    for (RedisServer node : nodes.subList(1, nodes.size())) {
      nodes.get(0).call("CLUSTER", "MEET", node.host(), String.valueOf(node.port()));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!ready()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the test cluster did not form: " + info());
      }
      Thread.sleep(50);
    }
  }

  private boolean ready() {
    for (RedisServer node : nodes) {
      String info = node.call("CLUSTER", "INFO");
      if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:3")) {
        return false;
      }
    }
    return true;
  }

  private String info() {
    return nodes.get(0).call("CLUSTER", "NODES");
  }

  /** Empties every node. */
  public void flushAll() {
    nodes.forEach(RedisServer::flushAll);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    for (RedisServer node : nodes) {
      node.afterAll(context);
    }
  }
}
