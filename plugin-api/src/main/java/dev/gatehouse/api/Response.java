package dev.gatehouse.api;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.util.Objects;

/**
 * An answer to a request: status, headers and a body that is either a buffer or a stream.
 *
 * <p>A policy builds one to answer a request itself ({@link Outcome#respond(Response)}); the proxy
 * builds one around the upstream response, whose body is streamed to the client without being
 * buffered. Response hooks ({@link ResponseHook}) see and may change it before the core writes it.
 * A response belongs to one request and is not thread-safe.
 *
 * <pre>{@code
 * return Outcome.respond(Response.of(200).json(new JsonObject().put("hello", "world")));
 * }</pre>
 */
public final class Response {

  private int status;
  private final MultiMap headers;
  private Buffer body;
  private ReadStream<Buffer> stream;
  private Problem problem;

  private Response(int status, MultiMap headers) {
    this.status = checkStatus(status);
    this.headers = headers;
  }

  /** An empty response with the given status. */
  public static Response of(int status) {
    return new Response(status, MultiMap.caseInsensitiveMultiMap());
  }

  /** A problem+json response carrying {@code problem}. */
  public static Response problem(Problem problem) {
    Response response =
        of(problem.status()).body(Buffer.buffer(problem.toJson().encode()), Problem.MEDIA_TYPE);
    response.problem = problem;
    return response;
  }

  /**
   * A response whose body is read from {@code body} while it is written to the client. The stream
   * must be paused; the core resumes it when it writes the response. {@code headers} is used as is
   * (not copied), so pass a map the caller no longer shares.
   */
  public static Response streaming(int status, MultiMap headers, ReadStream<Buffer> body) {
    Response response = new Response(status, Objects.requireNonNull(headers, "headers"));
    response.stream = Objects.requireNonNull(body, "body");
    return response;
  }

  public int status() {
    return status;
  }

  /** Changes the status. */
  public Response status(int status) {
    this.status = checkStatus(status);
    return this;
  }

  /** The response headers, mutable and case-insensitive. */
  public MultiMap headers() {
    return headers;
  }

  /** Sets a header, replacing earlier values. */
  public Response header(String name, String value) {
    headers.set(name, value);
    return this;
  }

  /**
   * The problem this response was made from ({@link #problem(Problem)}), for metrics and the access
   * log; {@code null} for any other response, or once its body was replaced.
   */
  public Problem problem() {
    return problem;
  }

  /** True while the body is a stream that has not been read into a buffer. */
  public boolean isStreaming() {
    return stream != null;
  }

  /** The buffered body, or {@code null} when there is none or it is a stream. */
  public Buffer body() {
    return body;
  }

  /** The body stream, or {@code null} when the body is buffered or absent. */
  public ReadStream<Buffer> bodyStream() {
    return stream;
  }

  /**
   * Replaces the body with {@code body}; the core sets {@code Content-Length} when it writes the
   * response. A stream body that is replaced is discarded.
   */
  public Response body(Buffer body) {
    this.body = body;
    this.stream = null;
    this.problem = null;
    headers.remove(HttpHeaders.CONTENT_LENGTH);
    headers.remove(HttpHeaders.TRANSFER_ENCODING);
    return this;
  }

  /** Replaces the body and sets its content type. */
  public Response body(Buffer body, String contentType) {
    body(body);
    headers.set(HttpHeaders.CONTENT_TYPE, contentType);
    return this;
  }

  /** Replaces the body with UTF-8 {@code text} as {@code text/plain}. */
  public Response text(String text) {
    return body(Buffer.buffer(text), "text/plain; charset=utf-8");
  }

  /** Replaces the body with {@code json} as {@code application/json}. */
  public Response json(JsonObject json) {
    return body(json.toBuffer(), "application/json");
  }

  /**
   * Reads the whole body into memory, at most {@code maxBytes}, so a hook can transform it. The
   * response keeps the buffered body. Fails with {@link BodyTooLargeException} when the body is
   * larger.
   */
  public Future<Buffer> bufferBody(long maxBytes) {
    if (stream == null) {
      return Future.succeededFuture(body == null ? Buffer.buffer() : body);
    }
    ReadStream<Buffer> source = stream;
    stream = null;
    return BodyCollector.collect(source, maxBytes)
        .map(
            collected -> {
              body = collected;
              headers.remove(HttpHeaders.TRANSFER_ENCODING);
              headers.remove(HttpHeaders.CONTENT_LENGTH);
              return collected;
            });
  }

  private static int checkStatus(int status) {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    return status;
  }

  @Override
  public String toString() {
    return "Response[" + status + "]";
  }
}
