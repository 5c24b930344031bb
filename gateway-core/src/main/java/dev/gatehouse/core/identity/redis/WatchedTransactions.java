package dev.gatehouse.core.identity.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Optimistic transactions on one server (standalone or Sentinel's master): every key the work reads
 * is {@code WATCH}ed first, the writes run in {@code MULTI}/{@code EXEC}, and an {@code EXEC} that
 * Redis refuses because a watched key changed runs the work again on fresh data. Checks and writes
 * are therefore one step for every writer, however many gateway instances there are.
 */
final class WatchedTransactions implements Transactions {

  static final int ATTEMPTS = 32;

  private final Vertx vertx;
  private final Redis client;
  private final Invalidations invalidations;

  WatchedTransactions(Vertx vertx, Redis client, Invalidations invalidations) {
    this.vertx = vertx;
    this.client = client;
    this.invalidations = invalidations;
  }

  @Override
  public <T> Future<T> run(Function<Transaction, Future<T>> work) {
    return attempt(work, 1);
  }

  private <T> Future<T> attempt(Function<Transaction, Future<T>> work, int attempt) {
    return client
        .connect()
        .compose(
            connection ->
                once(connection, work).eventually(() -> connection.close().recover(e -> done())))
        .compose(
            outcome -> {
              if (outcome.committed()) {
                return Future.succeededFuture(outcome.result());
              }
              if (attempt >= ATTEMPTS) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "identity write abandoned: " + ATTEMPTS + " concurrent writers won"));
              }
              // A little jitter, so two writers that collided do not collide again.
              return vertx
                  .timer(ThreadLocalRandom.current().nextLong(1, 5L * attempt))
                  .compose(t -> attempt(work, attempt + 1));
            });
  }

  private <T> Future<Outcome<T>> once(
      RedisConnection connection, Function<Transaction, Future<T>> work) {
    Transaction tx =
        new Transaction(
            (key, command) -> {
              connection.send(Request.cmd(Command.WATCH).arg(key));
              return connection.send(command);
            });
    return work.apply(tx)
        .recover(
            failure ->
                connection
                    .send(Request.cmd(Command.UNWATCH))
                    .transform(unwatched -> Future.failedFuture(failure)))
        .compose(result -> commit(connection, tx, result));
  }

  private <T> Future<Outcome<T>> commit(RedisConnection connection, Transaction tx, T result) {
    if (tx.writes().isEmpty()) {
      return connection
          .send(Request.cmd(Command.UNWATCH))
          .map(unwatched -> new Outcome<>(true, result));
    }
    List<Request> batch = new ArrayList<>();
    batch.add(Request.cmd(Command.MULTI));
    batch.addAll(tx.writes());
    tx.changes().forEach(subject -> batch.add(invalidations.publication(subject)));
    batch.add(Request.cmd(Command.EXEC));
    return connection
        .batch(batch)
        .map(
            replies -> {
              Response exec = replies.get(replies.size() - 1);
              return new Outcome<>(exec != null, result);
            });
  }

  private static Future<Void> done() {
    return Future.succeededFuture();
  }

  private record Outcome<T>(boolean committed, T result) {}
}
