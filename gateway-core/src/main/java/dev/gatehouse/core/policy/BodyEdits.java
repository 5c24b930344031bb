package dev.gatehouse.core.policy;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.core.expression.EgContext;
import dev.gatehouse.core.expression.EvaluationException;
import dev.gatehouse.core.expression.Expression;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A transformer's {@code body} changes, compiled: fields to add (name and CEL expression) and
 * fields to remove, applied to a whole JSON object or urlencoded form body. Additions come first,
 * then removals, as in Express Gateway. A value that fails to evaluate adds nothing and is logged
 * at debug.
 */
final class BodyEdits {

  static final String JSON_TYPE = "application/json";
  static final String FORM_TYPE = "application/x-www-form-urlencoded";

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

  private final String[] names;
  private final Expression[] values;
  private final List<String> removals;
  private final Logger log;

  private BodyEdits(String[] names, Expression[] values, List<String> removals, Logger log) {
    this.names = names;
    this.values = values;
    this.removals = removals;
    this.log = log;
  }

  /**
   * Compiles the changes of {@code body}, and makes sure the JSON codec is loaded.
   *
   * @param log where failures of values go
   */
  static BodyEdits compile(TransformerConfig.Changes changes, Logger log) {
    Codecs.load();
    Map<String, Object> add = changes.additions();
    String[] names = new String[add.size()];
    Expression[] values = new Expression[add.size()];
    int i = 0;
    for (Map.Entry<String, Object> entry : add.entrySet()) {
      names[i] = entry.getKey();
      values[i] =
          Expression.compile(
              String.valueOf(entry.getValue()), ActionPaths.child("body.add", names[i]));
      i++;
    }
    return new BodyEdits(names, values, List.copyOf(changes.removals()), log);
  }

  /**
   * Rewrites a whole body.
   *
   * @param emptyIsObject whether an empty JSON or untyped body counts as {@code {}} (a request, as
   *     in Express Gateway) or stays empty (a response)
   */
  Result rewrite(
      BodyFormat format, Buffer body, boolean emptyIsObject, EgContext context, Exchange exchange) {
    return switch (format) {
      case JSON, NONE -> json(format == BodyFormat.JSON, body, emptyIsObject, context, exchange);
      case FORM -> form(body, context, exchange);
      case OTHER -> new Unchanged();
    };
  }

  private Result json(
      boolean declared, Buffer body, boolean emptyIsObject, EgContext context, Exchange exchange) {
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
        return declared ? new Invalid("The body is not valid JSON.") : new Unchanged();
      }
      if (!(value instanceof JsonObject parsed)) {
        return new Unchanged();
      }
      object = parsed;
    }
    for (int i = 0; i < names.length; i++) {
      try {
        object.put(names[i], values[i].evaluateJson(context));
      } catch (EvaluationException e) {
        failed(i, e, exchange);
      }
    }
    removals.forEach(object::remove);
    return new Changed(object.toBuffer(), JSON_TYPE);
  }

  private Result form(Buffer body, EgContext context, Exchange exchange) {
    Map<String, List<String>> form;
    try {
      form = UrlEncodedForm.decode(body.toString(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return new Invalid("The body is not a valid urlencoded form.");
    }
    for (int i = 0; i < names.length; i++) {
      try {
        String text = values[i].evaluateText(context);
        form.put(names[i], List.of(text == null ? "" : text));
      } catch (EvaluationException e) {
        failed(i, e, exchange);
      }
    }
    removals.forEach(form::remove);
    return new Changed(Buffer.buffer(UrlEncodedForm.encode(form)), FORM_TYPE);
  }

  private void failed(int index, EvaluationException e, Exchange exchange) {
    log.debug(
        "body_value_failed request_id={} pipeline={} field={} error={}",
        exchange.requestId(),
        exchange.pipelineName(),
        names[index],
        e.getMessage());
  }

  /**
   * Loads the JSON codec, its error path and the form codec while the configuration loads rather
   * than on the first request's event loop: their first use costs far more than an event loop may
   * be held. The work is done once, by the class initialisation.
   */
  private static final class Codecs {
    private static final Object LOADED = run();

    static void load() {
      LOADED.hashCode();
    }

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
}
