package dev.gatehouse.core.policy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Reads a streamed body into memory up to a limit. Unlike {@link dev.gatehouse.api.BodyCollector},
 * a body over the limit is not lost: what was read is handed back as a stream that replays it and
 * then continues with the rest, so the caller can pass the body on untouched.
 */
final class BoundedBody {

  /** The outcome of reading. */
  sealed interface Read permits Whole, TooLarge {}

  /** The whole body, within the limit. */
  record Whole(Buffer body) implements Read {}

  /** The body is larger than the limit; {@code stream} is all of it, paused. */
  record TooLarge(ReadStream<Buffer> stream) implements Read {}

  private BoundedBody() {}

  /** Resumes {@code source} and reads it until it ends or exceeds {@code maxBytes}. */
  static Future<Read> read(ReadStream<Buffer> source, long maxBytes) {
    Promise<Read> promise = Promise.promise();
    Buffer collected = Buffer.buffer();
    Context context = Vertx.currentContext();
    source.exceptionHandler(promise::tryFail);
    source.endHandler(v -> promise.tryComplete(new Whole(collected)));
    source.handler(
        chunk -> {
          collected.appendBuffer(chunk);
          if (collected.length() > maxBytes) {
            source.pause();
            ReplayStream replay = new ReplayStream(collected, source);
            // Completed on the next turn of the loop, not inside the source's own handler.
            if (context == null) {
              promise.tryComplete(new TooLarge(replay));
            } else {
              context.runOnContext(x -> promise.tryComplete(new TooLarge(replay)));
            }
          }
        });
    source.resume();
    return promise.future();
  }
}
