package dev.gatehouse.core.pipeline;

import dev.gatehouse.api.Outcome;
import io.vertx.core.Future;
import java.util.List;

/**
 * A compiled pipeline: an immutable array of steps, shared by every event loop.
 *
 * <p>{@link #run(HttpExchange)} walks the steps in order. It completes with an answering {@link
 * Outcome}, or with {@link Outcome#CONTINUE} when no step answered, in which case the request falls
 * through to the next matching API endpoint as in Express Gateway.
 */
public final class Pipeline {

  private final String name;
  private final Step[] steps;

  public Pipeline(String name, List<Step> steps) {
    this.name = name;
    this.steps = steps.toArray(Step[]::new);
  }

  public String name() {
    return name;
  }

  /** The steps, in order (a copy). */
  public List<Step> steps() {
    return List.of(steps);
  }

  /** Runs the pipeline for one request, on the request's event loop. */
  public Future<Outcome> run(HttpExchange exchange) {
    return new PipelineRun(this, steps, exchange).start();
  }
}
