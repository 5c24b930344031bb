package dev.gatehouse.core.pipeline;

import dev.gatehouse.api.Response;
import dev.gatehouse.api.ResponseHook;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.Pipe;
import java.util.List;

/**
 * Writes a pipeline's answer to the client: runs the exchange's response hooks in reverse order,
 * then sends status, headers and body, streaming a stream body with back-pressure.
 */
public final class ResponseWriter {

  private ResponseWriter() {}

  /** Runs the hooks over {@code response}; the result is what will be written. */
  public static Future<Response> applyHooks(HttpExchange exchange, Response response) {
    List<ResponseHook> hooks = exchange.hooks();
    if (hooks == null) {
      return Future.succeededFuture(response);
    }
    Future<Response> result = Future.succeededFuture(response);
    for (int i = hooks.size() - 1; i >= 0; i--) {
      ResponseHook hook = hooks.get(i);
      result = result.compose(hook::apply);
    }
    return result;
  }

  /**
   * Writes {@code response} for {@code request}. Completes when the response has been written (or
   * the client went away, which is not an error of the gateway's).
   */
  public static Future<Void> write(HttpServerRequest request, Response response) {
    HttpServerResponse out = request.response();
    if (out.ended() || out.closed()) {
      discard(response);
      return Future.succeededFuture();
    }
    out.setStatusCode(response.status());
    MultiMap headers = out.headers();
    headers.addAll(response.headers());
    Future<Void> written;
    if (request.method() == HttpMethod.HEAD) {
      discard(response);
      written = out.end();
    } else if (response.isStreaming()) {
      if (!headers.contains(HttpHeaders.CONTENT_LENGTH)
          && request.version() != HttpVersion.HTTP_1_0) {
        out.setChunked(true);
      }
      written = stream(response, out);
    } else if (response.body() != null) {
      written = out.end(response.body());
    } else {
      written = out.end();
    }
    drainRequest(request);
    return written.recover(e -> Future.succeededFuture());
  }

  /**
   * Pipes a stream body. If the source fails half-way (the upstream died), the client connection is
   * reset rather than ended, so the client cannot mistake a truncated body for a complete one.
   */
  private static Future<Void> stream(Response response, HttpServerResponse out) {
    Pipe<Buffer> pipe = response.bodyStream().pipe();
    pipe.endOnFailure(false);
    return pipe.to(out).onFailure(e -> out.reset());
  }

  /**
   * Lets Vert.x read and drop what is left of the request body, so the connection can be reused.
   */
  private static void drainRequest(HttpServerRequest request) {
    if (!request.isEnded()) {
      request.resume();
    }
  }

  private static void discard(Response response) {
    if (response.isStreaming()) {
      response.bodyStream().handler(null);
      response.bodyStream().resume();
    }
  }
}
