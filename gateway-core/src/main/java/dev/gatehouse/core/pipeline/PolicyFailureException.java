package dev.gatehouse.core.pipeline;

/** A policy or condition failed while handling a request; says which one, for the log. */
public final class PolicyFailureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String pipeline;
  private final String policy;
  private final int position;

  PolicyFailureException(String pipeline, Step step, Throwable cause) {
    super(
        "policy '"
            + step.policyName()
            + "' (step "
            + step.position()
            + ") of pipeline '"
            + pipeline
            + "' failed: "
            + cause,
        cause);
    this.pipeline = pipeline;
    this.policy = step.policyName();
    this.position = step.position();
  }

  public String pipeline() {
    return pipeline;
  }

  public String policy() {
    return policy;
  }

  public int position() {
    return position;
  }
}
