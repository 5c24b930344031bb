package dev.gatehouse.core.policy;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.Response;
import dev.gatehouse.core.expression.EgContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code response-transformer}: changes the response on its way to the client, with the same {@code
 * headers} and {@code body} changes as request-transformer (expressions see the request's context).
 * The response's {@code Content-Length} matches the new body.
 *
 * <p>Only JSON and urlencoded bodies (and untyped bodies that parse as JSON) are read, at most
 * {@code maxBodyBytes}; a larger body, one that is not a JSON object or not valid, a compressed one
 * and every other type pass through untouched, a larger one with a warning. Header changes apply to
 * every response the step's request gets, the gateway's own answers included.
 */
@Extension
public final class ResponseTransformerPolicyFactory extends TransformerPolicyFactory {

  private static final Logger LOG =
      LoggerFactory.getLogger("gatehouse.policy.response-transformer");

  public ResponseTransformerPolicyFactory() {
    super("response-transformer", LOG);
  }

  @Override
  Policy policy(TransformerConfig.Compiled changes) {
    Transform transform = new Transform(changes);
    return exchange -> {
      exchange.onResponse(response -> transform.apply(response, exchange));
      return Outcome.proceed();
    };
  }

  /** The compiled changes, applied to each response. */
  private record Transform(TransformerConfig.Compiled changes) {

    Future<Response> apply(Response response, Exchange exchange) {
      EgContext context = EgContext.of(exchange);
      BodyFormat format = BodyFormat.of(response.headers().get(HttpHeaders.CONTENT_TYPE));
      if (changes.headers() != null) {
        changes.headers().apply(response.headers(), context, exchange, LOG);
      }
      if (changes.body() == null || !hasReadableBody(response, exchange, format)) {
        return Future.succeededFuture(response);
      }
      if (!response.isStreaming()) {
        Buffer buffered = response.body();
        if (buffered == null) {
          return Future.succeededFuture(response);
        }
        if (buffered.length() > changes.limit()) {
          tooLarge(exchange);
          return Future.succeededFuture(response);
        }
        return Future.succeededFuture(rewrite(response, format, buffered, context, exchange));
      }
      if (declaredLength(response) > changes.limit()) {
        tooLarge(exchange);
        return Future.succeededFuture(response);
      }
      return BoundedBody.read(response.bodyStream(), changes.limit())
          .map(
              read -> {
                if (read instanceof BoundedBody.Whole whole) {
                  return rewrite(
                      response.body(whole.body()), format, whole.body(), context, exchange);
                }
                tooLarge(exchange);
                return Response.streaming(
                    response.status(), response.headers(), ((BoundedBody.TooLarge) read).stream());
              });
    }

    private Response rewrite(
        Response response,
        BodyFormat format,
        Buffer buffered,
        EgContext context,
        Exchange exchange) {
      BodyEdits.Result result = changes.body().rewrite(format, buffered, false, context, exchange);
      if (result instanceof BodyEdits.Changed changed) {
        response.body(changed.body());
        if (!response.headers().contains(HttpHeaders.CONTENT_TYPE)) {
          response.header(HttpHeaders.CONTENT_TYPE.toString(), changed.contentType());
        }
      } else if (result instanceof BodyEdits.Invalid invalid) {
        LOG.debug(
            "response_body_unchanged request_id={} pipeline={} reason={}",
            exchange.requestId(),
            exchange.pipelineName(),
            invalid.reason());
      }
      return response;
    }

    private static boolean hasReadableBody(
        Response response, Exchange exchange, BodyFormat format) {
      int status = response.status();
      String encoding = response.headers().get(HttpHeaders.CONTENT_ENCODING);
      return format != BodyFormat.OTHER
          && exchange.method() != HttpMethod.HEAD
          && status != 204
          && status != 304
          && (encoding == null || encoding.equalsIgnoreCase("identity"));
    }

    private static long declaredLength(Response response) {
      String length = response.headers().get(HttpHeaders.CONTENT_LENGTH);
      if (length == null) {
        return -1;
      }
      try {
        return Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private void tooLarge(Exchange exchange) {
      LOG.warn(
          "response_body_too_large request_id={} pipeline={} limit={} action=passed_untouched",
          exchange.requestId(),
          exchange.pipelineName(),
          changes.limit());
    }
  }
}
