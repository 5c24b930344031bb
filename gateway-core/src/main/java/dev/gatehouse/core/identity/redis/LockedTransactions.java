package dev.gatehouse.core.identity.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.UUID;
import java.util.function.Function;

/**
 * Transactions on Redis Cluster, where EG's keys of one consumer lie in different slots and no
 * {@code MULTI} or script may touch them together: writers take one lock key ({@code SET NX PX}),
 * so checks and writes of all gateway instances happen one after the other. The lock expires if its
 * holder dies; a holder that dies mid-write leaves that write half done, as EG itself could.
 */
final class LockedTransactions implements Transactions {

  static final long LEASE_MILLIS = 10_000;
  static final long WAIT_MILLIS = 15_000;

  private static final String RELEASE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end"
          + " return 0";

  private final Vertx vertx;
  private final Redis client;
  private final String lockKey;
  private final Invalidations invalidations;

  LockedTransactions(Vertx vertx, Redis client, String lockKey, Invalidations invalidations) {
    this.vertx = vertx;
    this.client = client;
    this.lockKey = lockKey;
    this.invalidations = invalidations;
  }

  @Override
  public <T> Future<T> run(Function<Transaction, Future<T>> work) {
    String token = UUID.randomUUID().toString();
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    return acquire(token, deadline)
        .compose(
            locked -> {
              Transaction tx = new Transaction((key, command) -> client.send(command));
              return work.apply(tx)
                  .compose(result -> commit(tx).map(result))
                  .eventually(() -> release(token));
            });
  }

  private Future<Void> acquire(String token, long deadline) {
    Request set =
        Request.cmd(Command.SET).arg(lockKey).arg(token).arg("NX").arg("PX").arg(LEASE_MILLIS);
    return client
        .send(set)
        .compose(
            reply -> {
              if (reply != null) {
                return Future.succeededFuture();
              }
              if (System.currentTimeMillis() > deadline) {
                return Future.failedFuture(
                    new IllegalStateException("identity write lock " + lockKey + " not free"));
              }
              return vertx.timer(20).compose(t -> acquire(token, deadline));
            });
  }

  private Future<Void> commit(Transaction tx) {
    Future<Void> chain = Future.succeededFuture();
    for (Request write : tx.writes()) {
      chain = chain.compose(v -> client.send(write).mapEmpty());
    }
    for (String subject : tx.changes()) {
      chain = chain.compose(v -> client.send(invalidations.publication(subject)).mapEmpty());
    }
    return chain;
  }

  private Future<Void> release(String token) {
    return client
        .send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(lockKey).arg(token))
        .<Void>mapEmpty()
        .recover(failure -> Future.succeededFuture());
  }
}
