package dev.gatehouse.core.identity.store;

import dev.gatehouse.core.identity.IdentityStore;
import io.vertx.core.Vertx;

/** The store of {@code db.redis.emulate: true} keeps the whole store contract. */
class InMemoryIdentityStoreTest extends SerialStoreContract {

  @Override
  protected IdentityStore open(Vertx vertx) {
    return new InMemoryIdentityStore(vertx);
  }
}
