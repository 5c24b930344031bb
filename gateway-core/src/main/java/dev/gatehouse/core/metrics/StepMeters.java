package dev.gatehouse.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one policy of one pipeline, created when the pipeline compiles: how long the policy
 * takes, how often it continued, answered or failed, and its denials by problem code.
 *
 * <p>Denial counters are registered per code the first time the policy denies with it (codes are a
 * policy's fixed categories, such as {@code auth.missing}); thread-safe.
 */
public final class StepMeters {

  private final MeterRegistry registry;
  private final Tags tags;
  private final Timer duration;
  private final Counter continued;
  private final Counter responded;
  private final Counter failed;
  private final Map<String, Counter> denials = new ConcurrentHashMap<>();

  StepMeters(MeterRegistry registry, String pipeline, String policy) {
    this.registry = registry;
    this.tags = Tags.of(MeterNames.PIPELINE, pipeline, MeterNames.POLICY, policy);
    this.duration =
        Timer.builder(MeterNames.POLICY_DURATION)
            .description("Time one policy step took, from its start to its outcome")
            .tags(tags)
            .serviceLevelObjectives(MeterNames.POLICY_BUCKETS)
            .register(registry);
    this.continued = outcome("continued");
    this.responded = outcome("responded");
    this.failed = outcome("failed");
  }

  private Counter outcome(String outcome) {
    return Counter.builder(MeterNames.POLICY_OUTCOMES)
        .description(
            "Policy steps run, by outcome: continued the pipeline, responded to the request, or"
                + " failed")
        .tags(tags)
        .tag(MeterNames.OUTCOME, outcome)
        .register(registry);
  }

  /** The step continued the pipeline after {@code nanos}. */
  public void continued(long nanos) {
    duration.record(nanos, TimeUnit.NANOSECONDS);
    continued.increment();
  }

  /**
   * The step answered the request after {@code nanos}; {@code problemCode} is the code of the
   * problem it answered with, or null when the answer was no problem (a preflight, a token).
   */
  public void responded(long nanos, String problemCode) {
    duration.record(nanos, TimeUnit.NANOSECONDS);
    responded.increment();
    if (problemCode != null) {
      denials.computeIfAbsent(problemCode, this::denial).increment();
    }
  }

  /** The step threw or failed its future after {@code nanos}. */
  public void failed(long nanos) {
    duration.record(nanos, TimeUnit.NANOSECONDS);
    failed.increment();
  }

  private Counter denial(String code) {
    return Counter.builder(MeterNames.POLICY_DENIALS)
        .description("Requests a policy answered with a problem, by its stable problem code")
        .tags(tags)
        .tag(MeterNames.CODE, code)
        .register(registry);
  }
}
