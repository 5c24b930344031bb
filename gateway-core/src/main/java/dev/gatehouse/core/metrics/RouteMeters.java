package dev.gatehouse.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The request meters of one API endpoint and pipeline, bound when the configuration compiles: one
 * slot per method and status class, so recording a request is an array index, never a registry
 * lookup. A slot's series is registered the first time a request of its method and status class
 * ends, so combinations that never occur do not show up as zeros.
 *
 * <p>Shared by every event loop: the slots are an atomic array, and a slot registered twice by two
 * loops at once resolves to the one meter the registry holds.
 */
public final class RouteMeters {

  private static final HttpMethod[] METHODS = {
    HttpMethod.GET,
    HttpMethod.HEAD,
    HttpMethod.POST,
    HttpMethod.PUT,
    HttpMethod.DELETE,
    HttpMethod.PATCH,
    HttpMethod.OPTIONS
  };

  /** The label of every other method: their names are the client's choice, so not a label. */
  static final String OTHER_METHOD = "OTHER";

  private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  /** Records nothing: metrics are off. */
  static final RouteMeters NONE = new RouteMeters(null, Tags.empty());

  private final MeterRegistry registry;
  private final Tags tags;
  private final AtomicReferenceArray<Timer> slots =
      new AtomicReferenceArray<>((METHODS.length + 1) * STATUS_CLASSES.length);

  RouteMeters(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
  }

  /** Records one request that ended with {@code status} after {@code nanos}. */
  public void record(HttpMethod method, int status, long nanos) {
    if (registry == null) {
      return;
    }
    int methodIndex = methodIndex(method);
    int statusIndex = Math.min(Math.max(status / 100, 1), 5) - 1;
    int slot = methodIndex * STATUS_CLASSES.length + statusIndex;
    Timer timer = slots.get(slot);
    if (timer == null) {
      timer = register(methodIndex, statusIndex);
      slots.set(slot, timer);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private static int methodIndex(HttpMethod method) {
    for (int i = 0; i < METHODS.length; i++) {
      if (METHODS[i].equals(method)) {
        return i;
      }
    }
    return METHODS.length;
  }

  private Timer register(int methodIndex, int statusIndex) {
    String method = methodIndex < METHODS.length ? METHODS[methodIndex].name() : OTHER_METHOD;
    return Timer.builder(MeterNames.REQUEST_DURATION)
        .description(
            "Requests from arrival to the last byte of the answer, by API endpoint, pipeline,"
                + " method and status class")
        .tags(tags)
        .tag(MeterNames.METHOD, method)
        .tag(MeterNames.STATUS_CLASS, STATUS_CLASSES[statusIndex])
        .serviceLevelObjectives(MeterNames.REQUEST_BUCKETS)
        .register(registry);
  }
}
