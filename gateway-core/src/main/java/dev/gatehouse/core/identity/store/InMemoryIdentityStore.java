package dev.gatehouse.core.identity.store;

import io.vertx.core.Vertx;

/**
 * The identity store of {@code db.redis.emulate: true}, Express Gateway's in-memory mode:
 * everything is lost when the gateway stops, and nothing is shared with other gateways. For demos
 * and tests; the same engine and rules as {@link EmbeddedIdentityStore}, without a file.
 *
 * <pre>{@code
 * IdentityStore store = new InMemoryIdentityStore(vertx);
 * }</pre>
 */
public final class InMemoryIdentityStore extends SerialIdentityStore {

  public InMemoryIdentityStore(Vertx vertx) {
    super(worker(vertx), MvStoreAdapter.inMemory(), false);
  }
}
