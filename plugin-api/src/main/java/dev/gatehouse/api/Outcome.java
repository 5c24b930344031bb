package dev.gatehouse.api;

import io.vertx.core.Future;
import java.util.Objects;

/**
 * What a {@link Policy} decided: continue with the next step, or answer the request.
 *
 * <pre>{@code
 * if (!allowed) {
 *   return Outcome.deny(Problem.of(403, "auth.insufficient_scope", "Forbidden"));
 * }
 * return Outcome.proceed();
 * }</pre>
 */
public final class Outcome {

  /** Continue with the next step of the pipeline. */
  public static final Outcome CONTINUE = new Outcome(null);

  private static final Future<Outcome> CONTINUE_FUTURE = Future.succeededFuture(CONTINUE);

  private final Response response;

  private Outcome(Response response) {
    this.response = response;
  }

  /** An already completed future of {@link #CONTINUE}; it is shared, so returning it is free. */
  public static Future<Outcome> proceed() {
    return CONTINUE_FUTURE;
  }

  /** A completed future of an outcome that answers the request with {@code response}. */
  public static Future<Outcome> respond(Response response) {
    return Future.succeededFuture(answer(response));
  }

  /** A completed future of an outcome that answers with {@code problem} as problem+json. */
  public static Future<Outcome> deny(Problem problem) {
    return respond(Response.problem(problem));
  }

  /** An outcome that answers the request with {@code response}, for use inside {@code map}. */
  public static Outcome answer(Response response) {
    return new Outcome(Objects.requireNonNull(response, "response"));
  }

  /** True when the pipeline goes on with its next step. */
  public boolean proceeds() {
    return response == null;
  }

  /** The answer, or {@code null} when the outcome {@link #proceeds()}. */
  public Response response() {
    return response;
  }

  @Override
  public String toString() {
    return response == null ? "Outcome[continue]" : "Outcome[respond " + response.status() + "]";
  }
}
