package dev.gatehouse.api;

/**
 * A compiled condition of a pipeline step: the step runs only when it holds.
 *
 * <p>Conditions are synchronous predicates on the request. One that needs the request body says so
 * with {@link #bodyLimit()}; the core then buffers the body (still forwarded upstream) before
 * calling {@link #test(Exchange)}, and the condition reads it from {@link Exchange#body()}. Like a
 * policy, a condition that holds resources implements {@link AutoCloseable}.
 *
 * <pre>{@code
 * Condition hasTenant = exchange -> exchange.headers().contains("x-tenant");
 * }</pre>
 */
@FunctionalInterface
public interface Condition {

  /** True when the step should run for this request. Must not block. */
  boolean test(Exchange exchange);

  /**
   * The number of body bytes the core must buffer before {@link #test(Exchange)}, or 0 when the
   * condition does not read the body. Composite conditions return the largest of their parts.
   */
  default long bodyLimit() {
    return 0;
  }
}
