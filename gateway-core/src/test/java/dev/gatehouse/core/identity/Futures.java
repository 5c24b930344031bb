package dev.gatehouse.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Waiting for identity futures from a test thread, with a bounded deadline. */
public final class Futures {

  private Futures() {}

  /** The future's value; fails the test when the future fails or does not complete in time. */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  /** Why the future failed; fails the test when it succeeds. */
  public static Throwable failure(Future<?> future) {
    try {
      Object value = future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  /** The {@link IdentityException} a future failed with, checked for its kind. */
  public static IdentityException refused(Future<?> future, IdentityException.Kind kind) {
    Throwable failure = failure(future);
    assertThat(failure).isInstanceOf(IdentityException.class);
    IdentityException refused = (IdentityException) failure;
    assertThat(refused.kind()).as(refused.getMessage()).isEqualTo(kind);
    return refused;
  }
}
