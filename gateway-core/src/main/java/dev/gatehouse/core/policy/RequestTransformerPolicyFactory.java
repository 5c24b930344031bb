package dev.gatehouse.core.policy;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.Problem;
import dev.gatehouse.api.Response;
import dev.gatehouse.core.expression.EgContext;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code request-transformer}: changes the request sent upstream. {@code headers.add} sets headers
 * from CEL expressions, {@code headers.remove} removes headers (any case); {@code body.add} and
 * {@code body.remove} do the same to the fields of a JSON object or a urlencoded form body, which
 * is then sent with a matching {@code Content-Length}.
 *
 * <p>Only JSON and urlencoded bodies are read, at most {@code maxBodyBytes} (larger: 413); any
 * other body streams upstream untouched. As in Express Gateway, a request without a body or {@code
 * Content-Type} gets a JSON body of the added fields, and a body that claims to be JSON or a form
 * but is not is answered 400.
 */
@Extension
public final class RequestTransformerPolicyFactory extends TransformerPolicyFactory {

  private static final Logger LOG = LoggerFactory.getLogger("gatehouse.policy.request-transformer");

  public RequestTransformerPolicyFactory() {
    super("request-transformer", LOG);
  }

  @Override
  Policy policy(TransformerConfig.Compiled changes) {
    HeaderEdits headers = changes.headers();
    BodyEdits body = changes.body();
    long limit = changes.limit();
    return exchange -> {
      EgContext egContext = EgContext.of(exchange);
      if (headers != null) {
        headers.apply(exchange.headers(), egContext, exchange, LOG);
      }
      if (body == null) {
        return Outcome.proceed();
      }
      BodyFormat format = BodyFormat.of(exchange.headers().get(HttpHeaders.CONTENT_TYPE));
      if (format == BodyFormat.OTHER || (format == BodyFormat.NONE && declaresBody(exchange))) {
        return Outcome.proceed();
      }
      return exchange
          .bufferBody(limit)
          .map(buffered -> rewrite(exchange, format, buffered, body, egContext));
    };
  }

  private static Outcome rewrite(
      Exchange exchange, BodyFormat format, Buffer buffered, BodyEdits body, EgContext context) {
    BodyEdits.Result result = body.rewrite(format, buffered, true, context, exchange);
    if (result instanceof BodyEdits.Invalid invalid) {
      return Outcome.answer(
          Response.problem(
              Problem.of(400, "request.invalid_body", "Bad Request").withDetail(invalid.reason())));
    }
    if (result instanceof BodyEdits.Changed changed) {
      exchange.setBody(changed.body());
      MultiMap headers = exchange.headers();
      headers.set(HttpHeaders.CONTENT_LENGTH, String.valueOf(changed.body().length()));
      headers.remove(HttpHeaders.TRANSFER_ENCODING);
      if (!headers.contains(HttpHeaders.CONTENT_TYPE)) {
        headers.set(HttpHeaders.CONTENT_TYPE, changed.contentType());
      }
    }
    return Outcome.CONTINUE;
  }

  /** A request has a body when it says so (RFC 9112 section 6.3) with a non-zero length. */
  private static boolean declaresBody(Exchange exchange) {
    String length = exchange.headers().get(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      return !length.trim().equals("0");
    }
    return exchange.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }
}
