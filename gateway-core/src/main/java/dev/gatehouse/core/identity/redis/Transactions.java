package dev.gatehouse.core.identity.redis;

import io.vertx.core.Future;
import java.util.function.Function;

/**
 * Runs {@link Transaction}s: the work reads, decides (or fails with an {@code IdentityException}),
 * queues its writes; the writes then commit together with the invalidation messages that announce
 * them. Two strategies: optimistic {@code WATCH}/{@code MULTI} on one server, a write lock on Redis
 * Cluster, where one transaction cannot span EG's keys.
 */
interface Transactions {

  /** Runs the work, again from the start when a concurrent writer changed what it read. */
  <T> Future<T> run(Function<Transaction, Future<T>> work);
}
