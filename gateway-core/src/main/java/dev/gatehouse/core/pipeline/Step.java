package dev.gatehouse.core.pipeline;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.Policy;
import dev.gatehouse.core.metrics.StepMeters;

/**
 * One compiled step of a pipeline: a policy and the condition that gates it.
 *
 * @param policyName the policy's configured name, for logs and metrics
 * @param position the step's place in the pipeline, counted from 0 across all policies
 * @param condition the gate, or {@code null} when the step always runs
 * @param policy the compiled policy
 * @param meters its meters, or {@code null} when metrics are off
 */
public record Step(
    String policyName, int position, Condition condition, Policy policy, StepMeters meters) {

  /** A step without meters. */
  public Step(String policyName, int position, Condition condition, Policy policy) {
    this(policyName, position, condition, policy, null);
  }

  /** Body bytes the condition needs buffered before it is tested; 0 when none. */
  long bodyLimit() {
    return condition == null ? 0 : condition.bodyLimit();
  }
}
