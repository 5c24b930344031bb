package dev.gatehouse.api;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A denial as a value: an HTTP status, a stable machine-readable code and a human title, rendered
 * as {@code application/problem+json} (RFC 9457).
 *
 * <p>Codes are stable categories such as {@code auth.missing}, {@code auth.invalid}, {@code
 * ratelimit.exceeded} or {@code route.not_found}; clients may branch on them. {@code detail} is
 * optional and must reveal nothing secret: why a credential was refused belongs in the log.
 *
 * <pre>{@code
 * Problem p = Problem.of(401, "auth.missing", "Unauthorized").withDetail("No credentials given");
 * }</pre>
 */
public final class Problem {

  /** The media type problem bodies are sent with. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private final int status;
  private final String code;
  private final String title;
  private final String detail;
  private final String type;

  private Problem(int status, String code, String title, String detail, String type) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + status);
    }
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.title = Objects.requireNonNull(title, "title");
    this.detail = detail;
    this.type = type;
  }

  /** A problem with the given status, stable code and title. */
  public static Problem of(int status, String code, String title) {
    return new Problem(status, code, title, null, "about:blank");
  }

  /** The same problem with a human-readable explanation specific to this occurrence. */
  public Problem withDetail(String detail) {
    return new Problem(status, code, title, detail, type);
  }

  /** The same problem with a URI that identifies its type. */
  public Problem withType(String type) {
    return new Problem(status, code, title, detail, Objects.requireNonNull(type, "type"));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  /** The detail, or {@code null}. */
  public String detail() {
    return detail;
  }

  public String type() {
    return type;
  }

  /**
   * The RFC 9457 body: {@code type}, {@code title}, {@code status}, {@code code}, {@code detail}.
   */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("type", type)
            .put("title", title)
            .put("status", status)
            .put("code", code);
    if (detail != null) {
      json.put("detail", detail);
    }
    return json;
  }

  @Override
  public String toString() {
    return "Problem[" + status + " " + code + "]";
  }
}
