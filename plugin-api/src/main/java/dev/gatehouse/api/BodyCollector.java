package dev.gatehouse.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Reads a stream of buffers into one buffer, with an upper bound so that a large body cannot
 * exhaust memory.
 *
 * <pre>{@code
 * BodyCollector.collect(clientResponse, 64 * 1024).map(Buffer::toJsonObject);
 * }</pre>
 */
public final class BodyCollector {

  private BodyCollector() {}

  /**
   * Resumes {@code source} and collects it until it ends. Fails with {@link BodyTooLargeException}
   * as soon as more than {@code maxBytes} arrived, and with the stream's own error if it fails.
   */
  public static Future<Buffer> collect(ReadStream<Buffer> source, long maxBytes) {
    Promise<Buffer> promise = Promise.promise();
    Buffer collected = Buffer.buffer();
    source.exceptionHandler(promise::tryFail);
    source.handler(
        chunk -> {
          if (collected.length() + chunk.length() > maxBytes) {
            source.handler(null);
            source.endHandler(null);
            promise.tryFail(new BodyTooLargeException(maxBytes));
            return;
          }
          collected.appendBuffer(chunk);
        });
    source.endHandler(v -> promise.tryComplete(collected));
    source.resume();
    return promise.future();
  }
}
