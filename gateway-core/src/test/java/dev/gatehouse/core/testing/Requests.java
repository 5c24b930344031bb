package dev.gatehouse.core.testing;

import static dev.gatehouse.core.testing.Http.join;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.function.Function;

/**
 * One-off requests for tests that need their own client settings (TLS, client certificates,
 * HTTP/2): a fresh client per request, closed once the whole answer is in.
 */
public final class Requests {

  /** An answer and the protocol version it came in. */
  public record Answer(HttpVersion version, Reply reply) {}

  private Requests() {}

  /** Sends {@code request} with {@code body} (null for none), declaring its length. */
  public static Answer send(
      Vertx vertx, HttpClientOptions client, RequestOptions request, Buffer body) {
    return exchange(vertx, client, request, r -> body == null ? r.send() : r.send(body));
  }

  /**
   * Sends {@code request} with a body written in {@code chunks} without declaring its length:
   * chunked over HTTP/1.1, as DATA frames up to the end of the stream over HTTP/2.
   */
  public static Answer stream(
      Vertx vertx, HttpClientOptions client, RequestOptions request, List<String> chunks) {
    return exchange(
        vertx,
        client,
        request,
        r -> {
          r.setChunked(true);
          chunks.forEach(r::write);
          // The answer may come before the whole body is taken (an early refusal).
          r.end();
          return r.response();
        });
  }

  private static Answer exchange(
      Vertx vertx,
      HttpClientOptions options,
      RequestOptions request,
      Function<HttpClientRequest, Future<HttpClientResponse>> send) {
    HttpClient client = vertx.createHttpClient(options);
    try {
      return join(
          client
              .request(request)
              .compose(send)
              .compose(
                  response ->
                      response
                          .body()
                          .map(
                              body ->
                                  new Answer(
                                      response.version(),
                                      new Reply(
                                          response.statusCode(), response.headers(), body)))));
    } finally {
      join(client.close());
    }
  }
}
