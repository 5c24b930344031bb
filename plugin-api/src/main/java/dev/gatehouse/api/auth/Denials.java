package dev.gatehouse.api.auth;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.Future;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * How one authentication step refuses a request: it logs why (with the request id, never the
 * credential), then either answers with {@link AuthOutcomes} or, with Express Gateway's {@code
 * passThrough}, lets the request go on anonymously. Make one per step when it compiles.
 *
 * <pre>{@code
 * Denials denials = Denials.of(context, config.passThrough(), Challenge.of("Basic").param("realm", "gatehouse"));
 * ...
 * return denials.deny(exchange, AuthOutcomes.INVALID, "wrong_password");
 * }</pre>
 */
public final class Denials {

  private final Logger log;
  private final boolean passThrough;
  private final Challenge challenge;

  private Denials(Logger log, boolean passThrough, Challenge challenge) {
    this.log = Objects.requireNonNull(log, "log");
    this.passThrough = passThrough;
    this.challenge = challenge;
  }

  /**
   * @param passThrough whether failures continue anonymously instead of being answered
   * @param challenge sent with 401 answers; null for none
   */
  public static Denials of(PolicyContext context, boolean passThrough, Challenge challenge) {
    return new Denials(context.logger(), passThrough, challenge);
  }

  /** Whether failures continue anonymously. */
  public boolean passThrough() {
    return passThrough;
  }

  /** The challenge sent with 401 answers, or null. */
  public Challenge challenge() {
    return challenge;
  }

  /**
   * Refuses the request with {@code code} ({@link AuthOutcomes#MISSING}, {@link
   * AuthOutcomes#INVALID}, {@link AuthOutcomes#EXPIRED}: 401 with the step's challenge; {@link
   * AuthOutcomes#UNAVAILABLE}: 503), or lets it pass anonymously.
   *
   * @param reason why, for the log: a short fixed token such as {@code unknown_key}, never a value
   *     taken from the request
   */
  public Future<Outcome> deny(Exchange exchange, String code, String reason) {
    return deny(exchange, code, reason, challenge);
  }

  /** As {@link #deny(Exchange, String, String)}, with a challenge for this answer only. */
  public Future<Outcome> deny(
      Exchange exchange, String code, String reason, Challenge challengeForThisAnswer) {
    log.info(
        "auth_denied request_id={} code={} reason={}{}",
        exchange.requestId(),
        code,
        reason,
        passThrough ? " pass_through=true" : "");
    if (passThrough) {
      return AuthOutcomes.continueAnonymously(exchange);
    }
    return Future.succeededFuture(
        switch (code) {
          case AuthOutcomes.INSUFFICIENT_SCOPE -> AuthOutcomes.forbidden(challengeForThisAnswer);
          case AuthOutcomes.UNAVAILABLE -> AuthOutcomes.unavailable();
          default -> AuthOutcomes.unauthorized(code, challengeForThisAnswer);
        });
  }

  /**
   * Refuses a request whose valid credentials lack a scope the endpoint requires (403), or lets it
   * pass anonymously.
   *
   * @param challengeForThisAnswer a Bearer challenge with {@code error="insufficient_scope"} for
   *     token schemes, else null
   */
  public Future<Outcome> insufficientScope(Exchange exchange, Challenge challengeForThisAnswer) {
    return deny(
        exchange, AuthOutcomes.INSUFFICIENT_SCOPE, "missing_scopes", challengeForThisAnswer);
  }
}
