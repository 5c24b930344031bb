package dev.gatehouse.core.policy;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.core.expression.EgContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/** Applies {@link BodyEdits} to a whole body of a known {@link BodyFormat}. */
final class BodyRewrite {

  /** What became of a body. */
  sealed interface Result permits Changed, Unchanged, Invalid {}

  /**
   * The body was changed.
   *
   * @param contentType the media type of the new body
   */
  record Changed(Buffer body, String contentType) implements Result {}

  /** The body is not one the edits apply to (not an object, not JSON): it stays as it was. */
  record Unchanged() implements Result {}

  /**
   * The body claims a format it does not have.
   *
   * @param reason what is wrong, for a client or the log
   */
  record Invalid(String reason) implements Result {}

  static final String JSON_TYPE = "application/json";
  static final String FORM_TYPE = "application/x-www-form-urlencoded";

  private BodyRewrite() {}

  /**
   * Loads the JSON codec, its error path and the form codec now, while the configuration loads,
   * rather than on the first request's event loop; the first use costs far more than the limit an
   * event loop may be held. Does the work once.
   */
  static void prepare() {
    Prepared.DONE.hashCode();
  }

  private static final class Prepared {
    static final Object DONE = run();

    private static Object run() {
      JsonObject json = (JsonObject) Json.decodeValue(Buffer.buffer("{\"a\":[1,2.5,\"x\"]}"));
      json.toBuffer();
      try {
        Json.decodeValue(Buffer.buffer("{not json"));
      } catch (DecodeException expected) {
        // The error path is what a bad request takes.
      }
      return UrlEncodedForm.encode(UrlEncodedForm.decode("a=1&b=%20"));
    }
  }

  /**
   * Rewrites {@code body}.
   *
   * @param emptyIsObject whether an empty JSON or untyped body counts as {@code {}} (a request, as
   *     in Express Gateway) or stays empty (a response)
   */
  static Result apply(
      BodyFormat format,
      Buffer body,
      boolean emptyIsObject,
      BodyEdits edits,
      EgContext context,
      Exchange exchange,
      Logger log) {
    return switch (format) {
      case JSON, NONE -> json(format, body, emptyIsObject, edits, context, exchange, log);
      case FORM -> form(body, edits, context, exchange, log);
      case OTHER -> new Unchanged();
    };
  }

  private static Result json(
      BodyFormat format,
      Buffer body,
      boolean emptyIsObject,
      BodyEdits edits,
      EgContext context,
      Exchange exchange,
      Logger log) {
    JsonObject object;
    if (body.length() == 0) {
      if (!emptyIsObject) {
        return new Unchanged();
      }
      object = new JsonObject();
    } else {
      Object value;
      try {
        value = Json.decodeValue(body);
      } catch (DecodeException e) {
        return format == BodyFormat.JSON
            ? new Invalid("The body is not valid JSON.")
            : new Unchanged();
      }
      if (!(value instanceof JsonObject parsed)) {
        return new Unchanged();
      }
      object = parsed;
    }
    edits.apply(object, context, exchange, log);
    return new Changed(object.toBuffer(), JSON_TYPE);
  }

  private static Result form(
      Buffer body, BodyEdits edits, EgContext context, Exchange exchange, Logger log) {
    Map<String, List<String>> form;
    try {
      form = UrlEncodedForm.decode(body.toString(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return new Invalid("The body is not a valid urlencoded form.");
    }
    edits.apply(form, context, exchange, log);
    return new Changed(Buffer.buffer(UrlEncodedForm.encode(form)), FORM_TYPE);
  }
}
