package dev.gatehouse.core.pipeline;

import dev.gatehouse.api.BodyTooLargeException;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Problem;
import dev.gatehouse.core.metrics.StepMeters;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Walks a pipeline's steps for one request.
 *
 * <p>Steps whose futures are already complete (the common case: header checks, cached lookups) run
 * in a loop without allocating continuations; only a step that really waits suspends the walk,
 * which resumes on the request's own context even if the policy completed its future on another
 * thread.
 *
 * <p>Each step that runs is timed and its outcome counted in the step's meters (when metrics are
 * on); a step that answers with a problem is remembered on the exchange as the denying policy.
 */
final class PipelineRun implements Handler<AsyncResult<Outcome>> {

  private final Pipeline pipeline;
  private final Step[] steps;
  private final HttpExchange exchange;
  private final Context context;
  private final Promise<Outcome> result = Promise.promise();
  private int next;
  private Step current;

  /** When the current step started, by {@link System#nanoTime()}; 0 when it is not timed. */
  private long stepStarted;

  PipelineRun(Pipeline pipeline, Step[] steps, HttpExchange exchange) {
    this.pipeline = pipeline;
    this.steps = steps;
    this.exchange = exchange;
    this.context = Vertx.currentContext();
  }

  Future<Outcome> start() {
    advance();
    return result.future();
  }

  private void advance() {
    while (next < steps.length) {
      current = steps[next++];
      if (current.condition() != null) {
        if (current.bodyLimit() > 0 && exchange.body() == null) {
          bufferThenRetry(current.bodyLimit());
          return;
        }
        boolean holds;
        try {
          holds = current.condition().test(exchange);
        } catch (RuntimeException e) {
          fail(e);
          return;
        }
        if (!holds) {
          continue;
        }
      }
      Future<Outcome> outcome;
      stepStarted = current.meters() == null ? 0 : System.nanoTime();
      try {
        outcome = current.policy().apply(exchange);
      } catch (RuntimeException e) {
        stepFailed();
        fail(e);
        return;
      }
      if (outcome == null) {
        stepFailed();
        fail(new NullPointerException("the policy returned no future"));
        return;
      }
      if (!outcome.isComplete()) {
        outcome.onComplete(this);
        return;
      }
      if (!continueWith(outcome)) {
        return;
      }
    }
    result.complete(Outcome.CONTINUE);
  }

  @Override
  public void handle(AsyncResult<Outcome> outcome) {
    if (context != null && Vertx.currentContext() != context) {
      context.runOnContext(v -> handle(outcome));
      return;
    }
    if (continueWith(outcome)) {
      advance();
    }
  }

  /** Settles the run for an answer or a failure; true when the walk goes on. */
  private boolean continueWith(AsyncResult<Outcome> outcome) {
    if (outcome.failed()) {
      stepFailed();
      fail(outcome.cause());
      return false;
    }
    Outcome value = outcome.result();
    if (value == null) {
      stepFailed();
      fail(new NullPointerException("the policy completed with no outcome"));
      return false;
    }
    StepMeters meters = current.meters();
    if (value.proceeds()) {
      if (meters != null) {
        meters.continued(System.nanoTime() - stepStarted);
      }
      return true;
    }
    Problem problem = value.response().problem();
    if (problem != null) {
      exchange.denied(current.policyName(), problem.code());
    }
    if (meters != null) {
      meters.responded(System.nanoTime() - stepStarted, problem == null ? null : problem.code());
    }
    result.complete(value);
    return false;
  }

  private void stepFailed() {
    if (current.meters() != null) {
      current.meters().failed(System.nanoTime() - stepStarted);
    }
  }

  private void bufferThenRetry(long limit) {
    next--;
    exchange
        .bufferBody(limit)
        .onComplete(
            buffered -> {
              if (buffered.failed()) {
                fail(buffered.cause());
              } else {
                advance();
              }
            });
  }

  private void fail(Throwable cause) {
    if (cause instanceof BodyTooLargeException) {
      result.fail(cause);
      return;
    }
    result.fail(new PolicyFailureException(pipeline.name(), current, cause));
  }
}
