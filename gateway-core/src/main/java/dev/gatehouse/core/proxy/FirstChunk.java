package dev.gatehouse.core.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** Reads the first non-empty chunk of a paused stream, leaving the rest of it paused. */
final class FirstChunk {

  private FirstChunk() {}

  /**
   * The first non-empty chunk of {@code stream}, or null when it ends without one. The stream is
   * paused again afterwards; the caller takes over its handlers.
   */
  static Future<Buffer> of(ReadStream<Buffer> stream) {
    Promise<Buffer> first = Promise.promise();
    stream.exceptionHandler(first::tryFail);
    stream.endHandler(v -> first.tryComplete(null));
    stream.handler(
        chunk -> {
          if (chunk.length() == 0) {
            stream.fetch(1);
          } else {
            first.tryComplete(chunk);
          }
        });
    stream.fetch(1);
    return first.future();
  }
}
