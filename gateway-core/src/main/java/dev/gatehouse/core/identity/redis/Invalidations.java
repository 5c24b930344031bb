package dev.gatehouse.core.identity.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache invalidation between gateway instances sharing one Redis: every committed write publishes
 * {@code "<origin> <subject>"} on {@code <namespace>-gatehouse-invalidate} (subject {@code
 * user:<id>}, {@code app:<id>}, {@code credential:<type>:<id>}, {@code scope:<name>}), and a
 * subscription on a connection of its own delivers the other instances' subjects to listeners.
 *
 * <p>Pub/sub loses what is published while a subscriber is away, so when the subscription comes
 * back after Redis restarted or the network dropped, listeners hear {@code *}: forget everything. A
 * ping every few seconds finds connections that died without a word.
 */
final class Invalidations implements AutoCloseable {

  /** Tells listeners to drop every cached entry. */
  static final String EVERYTHING = "*";

  private static final Logger LOG = LoggerFactory.getLogger(Invalidations.class);
  private static final long PING_MILLIS = 3_000;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private final Vertx vertx;
  private final RedisConnections redis;
  private final String channel;
  private final String origin;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /** The subscription's event loop: its connections' handlers and its timers run there. */
  private final Context context;

  // Confined to the context, except connection, which close() reads from any thread.
  private volatile RedisConnection connection;
  private Promise<Void> confirmed;
  private long backoff = 50;
  private long pinger = -1;
  private long reconnecting = -1;
  private boolean lost;
  private volatile boolean closed;

  Invalidations(Vertx vertx, RedisConnections redis, String channel) {
    this.vertx = vertx;
    this.redis = redis;
    this.channel = channel;
    this.context = vertx.getOrCreateContext();
    byte[] id = new byte[6];
    new SecureRandom().nextBytes(id);
    this.origin = HexFormat.of().formatHex(id);
  }

  /** The message announcing a change made here. */
  Request publication(String subject) {
    return Request.cmd(Command.PUBLISH).arg(channel).arg(origin + " " + subject);
  }

  void listen(Consumer<String> listener) {
    listeners.add(listener);
  }

  /** Subscribes; succeeds once Redis confirmed the subscription. */
  Future<Void> start() {
    Promise<Void> started = Promise.promise();
    context.runOnContext(
        v ->
            subscribe()
                .onSuccess(ok -> pinger = vertx.setPeriodic(PING_MILLIS, t -> ping()))
                .onComplete(started));
    return started.future();
  }

  private Future<Void> subscribe() {
    return redis
        .dedicated()
        .compose(
            subscribed -> {
              Promise<Void> confirmation = Promise.promise();
              connection = subscribed;
              confirmed = confirmation;
              subscribed.handler(reply -> received(subscribed, reply));
              subscribed.exceptionHandler(failure -> lost(subscribed, failure));
              subscribed.endHandler(end -> lost(subscribed, null));
              subscribed
                  .send(Request.cmd(Command.SUBSCRIBE).arg(channel))
                  .onFailure(confirmation::tryFail);
              return confirmation
                  .future()
                  .timeout(5, TimeUnit.SECONDS)
                  .onFailure(failure -> subscribed.close());
            });
  }

  private void received(RedisConnection from, Response reply) {
    if (from != connection || reply == null || reply.size() < 3) {
      return;
    }
    String kind = reply.get(0).toString();
    if (kind.equals("subscribe")) {
      confirmed.tryComplete();
      backoff = 50;
      if (lost) {
        lost = false;
        LOG.info("event=redis.subscription.restored channel={}", channel);
        deliver(EVERYTHING);
      }
    } else if (kind.equals("message") && reply.get(2) != null) {
      String message = reply.get(2).toString();
      int space = message.indexOf(' ');
      if (space > 0 && !message.substring(0, space).equals(origin)) {
        deliver(message.substring(space + 1));
      }
    }
  }

  private void deliver(String subject) {
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(subject);
      } catch (RuntimeException e) {
        LOG.warn("event=redis.invalidation.listener.failed subject={}", subject, e);
      }
    }
  }

  /** Keeps a quiet subscription honest: a connection that stopped answering is replaced. */
  private void ping() {
    RedisConnection current = connection;
    if (current == null || closed) {
      return;
    }
    current
        .send(Request.cmd(Command.PING))
        .timeout(PING_MILLIS, TimeUnit.MILLISECONDS)
        .onSuccess(
            reply -> {
              // RESP2 could hand a message to the waiting PING: pass it on.
              if (reply != null && reply.type() == ResponseType.MULTI) {
                received(current, reply);
              }
            })
        .onFailure(
            failure -> {
              current.close();
              lost(current, failure);
            });
  }

  private void lost(RedisConnection which, Throwable failure) {
    if (which != connection || closed) {
      return;
    }
    connection = null;
    if (!lost) {
      lost = true;
      LOG.warn(
          "event=redis.subscription.lost channel={} reason={}",
          channel,
          failure == null ? "connection closed" : failure.getMessage());
    }
    reconnectLater();
  }

  private void reconnectLater() {
    if (closed || reconnecting != -1) {
      return;
    }
    reconnecting =
        vertx.setTimer(
            backoff,
            t -> {
              reconnecting = -1;
              backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
              subscribe().onFailure(failure -> reconnectLater());
            });
  }

  @Override
  public void close() {
    closed = true;
    vertx.cancelTimer(pinger);
    vertx.cancelTimer(reconnecting);
    RedisConnection current = connection;
    connection = null;
    if (current != null) {
      current.close();
    }
  }
}
