package dev.gatehouse.core.server;

import dev.gatehouse.api.Problem;
import dev.gatehouse.api.Response;
import dev.gatehouse.core.pipeline.ResponseWriter;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers requests the HTTP decoder could not read (malformed request line or headers, too long a
 * request line, too large a header block) with the right status and a problem+json body, then
 * closes the connection, whose framing can no longer be trusted.
 */
final class InvalidRequestHandler implements Handler<HttpServerRequest> {

  static final InvalidRequestHandler INSTANCE = new InvalidRequestHandler();

  private static final Problem MALFORMED =
      Problem.of(400, "request.malformed", "Bad Request")
          .withDetail("The request line or headers are not valid HTTP.");
  private static final Problem URI_TOO_LONG =
      Problem.of(414, "request.uri_too_long", "URI Too Long")
          .withDetail(
              "The request line is longer than " + ListenerOptions.MAX_REQUEST_LINE + " bytes.");
  private static final Problem HEADERS_TOO_LARGE =
      Problem.of(431, "request.headers_too_large", "Request Header Fields Too Large")
          .withDetail(
              "The headers are larger than " + ListenerOptions.MAX_HEADER_BYTES + " bytes.");

  private InvalidRequestHandler() {}

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem =
        cause instanceof TooLongHttpLineException
            ? URI_TOO_LONG
            : cause instanceof TooLongHttpHeaderException ? HEADERS_TOO_LARGE : MALFORMED;
    ResponseWriter.write(request, Response.problem(problem).header("connection", "close"))
        .onComplete(done -> request.connection().close());
  }
}
