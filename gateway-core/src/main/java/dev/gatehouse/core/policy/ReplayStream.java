package dev.gatehouse.core.policy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A stream that first emits a buffer already read from {@code source} and then the rest of {@code
 * source}, with the same back-pressure: a body read past a limit is put back together. It takes
 * over the source's handlers when created and starts paused; anything the source emits before the
 * consumer asks for it is kept. Confined to the source's event loop.
 */
final class ReplayStream implements ReadStream<Buffer> {

  private final ReadStream<Buffer> source;
  private Buffer pending;
  private boolean paused = true;
  private boolean ended;
  private boolean endDelivered;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  /**
   * @param head what was read so far
   * @param source the paused rest
   */
  ReplayStream(Buffer head, ReadStream<Buffer> source) {
    this.pending = head;
    this.source = source;
    source.handler(this::chunk);
    source.endHandler(v -> end());
    source.exceptionHandler(this::failed);
  }

  private void chunk(Buffer chunk) {
    if (pending != null || paused || handler == null) {
      pending = pending == null ? chunk.copy() : pending.appendBuffer(chunk);
      return;
    }
    handler.handle(chunk);
  }

  private void end() {
    ended = true;
    if (pending == null) {
      deliverEnd();
    }
  }

  private void failed(Throwable failure) {
    Handler<Throwable> failures = exceptionHandler;
    if (failures != null) {
      failures.handle(failure);
    }
  }

  private void deliverEnd() {
    Handler<Void> end = endHandler;
    if (end != null && !endDelivered) {
      endDelivered = true;
      end.handle(null);
    }
  }

  /** Emits what is pending; false when the consumer paused while handling it. */
  private boolean drain() {
    if (pending != null) {
      Buffer first = pending;
      pending = null;
      if (handler != null) {
        handler.handle(first);
      }
    }
    if (ended) {
      deliverEnd();
    }
    return !paused;
  }

  @Override
  public ReplayStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ReplayStream handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public ReplayStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    if (ended && pending == null) {
      deliverEnd();
    }
    return this;
  }

  @Override
  public ReplayStream pause() {
    paused = true;
    source.pause();
    return this;
  }

  @Override
  public ReplayStream resume() {
    paused = false;
    if (drain()) {
      source.resume();
    }
    return this;
  }

  @Override
  public ReplayStream fetch(long amount) {
    if (amount <= 0) {
      return this;
    }
    paused = false;
    boolean hadPending = pending != null;
    if (drain()) {
      long rest = hadPending && amount != Long.MAX_VALUE ? amount - 1 : amount;
      if (rest > 0) {
        source.fetch(rest);
      }
    }
    return this;
  }
}
