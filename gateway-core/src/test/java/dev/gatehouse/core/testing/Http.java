package dev.gatehouse.core.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/** A real HTTP client for tests, one request at a time, answers as {@link Reply} futures. */
public final class Http implements AutoCloseable {

  private final HttpClient client;
  private final Context context;

  public Http(Vertx vertx) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    this.context = vertx.getOrCreateContext();
  }

  public Future<Reply> get(int port, String uri) {
    return send(HttpMethod.GET, port, uri, MultiMap.caseInsensitiveMultiMap(), null);
  }

  /** A GET with the given {@code Host} header (null sends none). */
  public Future<Reply> get(int port, String uri, String host) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (host != null) {
      headers.set("host", host);
    }
    return send(HttpMethod.GET, port, uri, headers, null);
  }

  public Future<Reply> send(
      HttpMethod method, int port, String uri, MultiMap headers, Buffer body) {
    RequestOptions options =
        new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
    // Every request starts on one context, so the pooled connections and their callbacks stay on
    // one event loop whichever thread the test calls from.
    Promise<Reply> reply = Promise.promise();
    context.runOnContext(v -> exchange(options, headers, body).onComplete(reply));
    return reply.future();
  }

  private Future<Reply> exchange(RequestOptions options, MultiMap headers, Buffer body) {
    return client
        .request(options)
        .compose(
            request -> {
              request.headers().addAll(headers);
              if (headers.contains("host")) {
                request.authority(
                    io.vertx.core.net.HostAndPort.parseAuthority(headers.get("host"), -1));
              }
              return body == null ? request.send() : request.send(body);
            })
        .compose(
            response ->
                response.body().map(b -> new Reply(response.statusCode(), response.headers(), b)));
  }

  /** Waits for a future from the test thread (never from an event loop). */
  public static <T> T join(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("request failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("request did not complete: " + e, e);
    }
  }

  @Override
  public void close() {
    join(client.close());
  }
}
