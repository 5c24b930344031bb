package dev.gatehouse.core.metrics;

import dev.gatehouse.api.ApiVersion;
import dev.gatehouse.core.GatehouseVersion;
import dev.gatehouse.core.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's metrics: a Prometheus registry with the JVM, process and gateway meters, and the
 * factories of the meters a configuration binds when it compiles (per route, policy step and
 * service endpoint), so that the request path only records.
 *
 * <p>When a reload removes an API endpoint, pipeline, policy step or service endpoint, {@link
 * #retainOnly(GatewayConfig)} drops its series, so replaced configurations do not pile up in the
 * scrape. With metrics off ({@link #disabled()}) every factory returns a meter that records
 * nothing, and the request path skips its clock reads.
 *
 * <p>Thread-safe: the registry is Micrometer's, the gauges read atomics.
 *
 * <pre>{@code
 * GatewayMetrics metrics = GatewayMetrics.start(MetricsSettings.from(system));
 * RouteMeters route = metrics.route("orders", "orders-pipeline");   // at compile time
 * route.record(HttpMethod.GET, 200, elapsedNanos);                    // per request
 * }</pre>
 */
public final class GatewayMetrics implements AutoCloseable {

  /** The label value of requests outside any API endpoint or pipeline. */
  public static final String NONE = "";

  private final PrometheusMeterRegistry prometheus;
  private final MeterRegistry registry;
  private final List<AutoCloseable> binders = new ArrayList<>();
  private final LongAdder inFlight = new LongAdder();
  private final RouteMeters unmatched;
  private final Counter reloadsApplied;
  private final Counter reloadsRefused;
  private final Counter accessLogDropped;
  private volatile long configLoadedMillis = System.currentTimeMillis();

  private GatewayMetrics(PrometheusMeterRegistry prometheus) {
    this.prometheus = prometheus;
    this.registry = prometheus == null ? new CompositeMeterRegistry() : prometheus;
    this.unmatched = route(NONE, NONE);
    this.reloadsApplied = reloads("applied");
    this.reloadsRefused = reloads("refused");
    this.accessLogDropped =
        Counter.builder(MeterNames.ACCESS_LOG_DROPPED)
            .description("Access log lines dropped because the writer fell behind")
            .register(registry);
    if (prometheus != null) {
      bindProcessMeters();
      bindGatewayMeters();
      warmUp(registry);
    }
  }

  /**
   * Registers, records and removes one histogram, so that the classes a request's first series
   * needs are loaded at start rather than on an event loop.
   */
  private static void warmUp(MeterRegistry registry) {
    Timer timer =
        Timer.builder("gatehouse.warmup")
            .serviceLevelObjectives(MeterNames.REQUEST_BUCKETS)
            .register(registry);
    timer.record(1, TimeUnit.MILLISECONDS);
    registry.remove(timer);
  }

  /** Metrics on or off, as {@code settings} say. */
  public static GatewayMetrics start(MetricsSettings settings) {
    if (!settings.enabled()) {
      return disabled();
    }
    PrometheusMeterRegistry prometheus =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT).throwExceptionOnRegistrationFailure();
    prometheus.config().meterFilter(PROMETHEUS_NAMES);
    return new GatewayMetrics(prometheus);
  }

  /** Metrics off: every meter records nothing and there is nothing to scrape. */
  public static GatewayMetrics disabled() {
    return new GatewayMetrics(null);
  }

  /** Whether meters record; when false the request path skips its clock reads too. */
  public boolean enabled() {
    return prometheus != null;
  }

  /** The registry every gateway meter lives in (a no-op one when metrics are off). */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Keeps the binders' meters within Prometheus' naming rules ({@code promtool check metrics}): the
   * process CPU time is exported in seconds as {@code process_cpu_seconds_total} instead of
   * Micrometer's nanoseconds ({@code process_cpu_time_ns_total}), and the processor count loses its
   * {@code _count} suffix ({@code system_cpus}).
   */
  private static final MeterFilter PROMETHEUS_NAMES =
      new MeterFilter() {
        @Override
        public MeterFilterReply accept(Meter.Id id) {
          return id.getName().equals("process.cpu.time")
              ? MeterFilterReply.DENY
              : MeterFilterReply.NEUTRAL;
        }

        @Override
        public Meter.Id map(Meter.Id id) {
          return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
        }
      };

  private void bindProcessMeters() {
    JvmGcMetrics gc = new JvmGcMetrics();
    binders.add(gc);
    for (MeterBinder binder :
        new MeterBinder[] {
          new JvmInfoMetrics(),
          new JvmMemoryMetrics(),
          gc,
          new JvmThreadMetrics(),
          new ClassLoaderMetrics(),
          new ProcessorMetrics(),
          new UptimeMetrics(),
          new FileDescriptorMetrics()
        }) {
      binder.bindTo(registry);
    }
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
          .description("CPU time the gateway process has used")
          .baseUnit("seconds")
          .register(registry);
    }
  }

  private void bindGatewayMeters() {
    Gauge.builder(MeterNames.BUILD_INFO, () -> 1)
        .description("The running Gatehouse: its version and plugin API version")
        .tag("version", GatehouseVersion.get())
        .tag("plugin_api", ApiVersion.CURRENT)
        .register(registry);
    Gauge.builder(MeterNames.REQUESTS_IN_FLIGHT, inFlight, LongAdder::sum)
        .description("Requests on the gateway listeners that have not been answered yet")
        .register(registry);
    Gauge.builder(MeterNames.CONFIG_LOADED, () -> configLoadedMillis / 1000.0)
        .description("When the running gateway.config.yml was loaded, in seconds since the epoch")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder(
            MeterNames.CONFIG_AGE, () -> (System.currentTimeMillis() - configLoadedMillis) / 1000.0)
        .description("How long the running gateway.config.yml has been in place")
        .baseUnit("seconds")
        .register(registry);
  }

  private Counter reloads(String result) {
    return Counter.builder(MeterNames.CONFIG_RELOADS)
        .description("Reloads of gateway.config.yml, by result: applied or refused")
        .tag(MeterNames.RESULT, result)
        .register(registry);
  }

  /** Publishes each loaded plugin jar as {@code gatehouse_plugin_info{id, version} 1}. */
  public void plugins(Map<String, String> versionsById) {
    if (!enabled()) {
      return;
    }
    versionsById.forEach(
        (id, version) ->
            Gauge.builder(MeterNames.PLUGIN_INFO, () -> 1)
                .description("A loaded plugin jar: its id and version")
                .tag("id", id)
                .tag("version", version)
                .register(registry));
  }

  /**
   * A counter of the open connections of one listener, published as {@code
   * gatehouse_connections_active{listener}}; the listener increments and decrements it.
   */
  public LongAdder connections(String listener) {
    LongAdder open = new LongAdder();
    if (enabled()) {
      Gauge.builder(MeterNames.CONNECTIONS_ACTIVE, open, LongAdder::sum)
          .description("Open client connections, by listener")
          .tag(MeterNames.LISTENER, listener)
          .register(registry);
    }
    return open;
  }

  /** Requests that have not been answered yet; the listeners count them. */
  public LongAdder inFlight() {
    return inFlight;
  }

  /** The meters of requests answered by {@code apiEndpoint} through {@code pipeline}. */
  public RouteMeters route(String apiEndpoint, String pipeline) {
    if (prometheus == null) {
      return RouteMeters.NONE;
    }
    return new RouteMeters(
        registry, Tags.of(MeterNames.API_ENDPOINT, apiEndpoint, MeterNames.PIPELINE, pipeline));
  }

  /** The meters of requests no API endpoint matched (and of malformed paths). */
  public RouteMeters unmatched() {
    return unmatched;
  }

  /** The meters of one policy step; null when metrics are off, so the step skips its clock. */
  public StepMeters step(String pipeline, String policy) {
    return prometheus == null ? null : new StepMeters(registry, pipeline, policy);
  }

  /** The meters of calls to one service endpoint. */
  public UpstreamMeters upstream(String serviceEndpoint) {
    return prometheus == null ? UpstreamMeters.NONE : new UpstreamMeters(registry, serviceEndpoint);
  }

  /**
   * The registry a plugin's policy, condition or route contributor sees: every meter it registers
   * carries {@code pipeline} and {@code policy} (the fixed labels of its place in the
   * configuration), and one without a description gets one naming the policy, so the exposition
   * stays lint-clean. Plugins registering one name in many places thus share label keys.
   */
  public MeterRegistry view(String pipeline, String policy) {
    CompositeMeterRegistry view = new CompositeMeterRegistry();
    view.config()
        .meterFilter(MeterFilter.commonTags(Tags.of(MeterNames.PIPELINE, pipeline)))
        .meterFilter(MeterFilter.commonTags(Tags.of(MeterNames.POLICY, policy)))
        .meterFilter(describedAs("Reported by policy " + policy));
    if (prometheus != null) {
      view.add(prometheus);
    }
    return view;
  }

  private static MeterFilter describedAs(String description) {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (id.getDescription() != null && !id.getDescription().isBlank()) {
          return id;
        }
        return new Meter.Id(
            id.getName(),
            Tags.of(id.getTagsAsIterable()),
            id.getBaseUnit(),
            description,
            id.getType());
      }
    };
  }

  /** When the running configuration was loaded, in milliseconds since the epoch. */
  public long configLoadedMillis() {
    return configLoadedMillis;
  }

  /** A new configuration is serving. */
  public void configApplied() {
    configLoadedMillis = System.currentTimeMillis();
    reloadsApplied.increment();
  }

  /** A reload was refused; the running configuration stays. */
  public void configRefused() {
    reloadsRefused.increment();
  }

  /** One access log line was dropped. */
  public void accessLogDropped() {
    accessLogDropped.increment();
  }

  /**
   * Removes the series of API endpoints, pipelines, policy steps and service endpoints that {@code
   * config} no longer has. Plugin route series ({@code api_endpoint="route:…"}) and series outside
   * pipelines ({@code pipeline=""}) stay.
   */
  public void retainOnly(GatewayConfig config) {
    if (prometheus == null) {
      return;
    }
    Set<String> endpoints = new HashSet<>();
    config.apiEndpoints().forEach(e -> endpoints.add(e.name()));
    Set<String> pipelines = new HashSet<>();
    Set<String> steps = new HashSet<>();
    for (GatewayConfig.PipelineEntry pipeline : config.pipelines()) {
      pipelines.add(pipeline.name());
      pipeline.policies().forEach(p -> steps.add(pipeline.name() + '\0' + p.policy()));
    }
    Set<String> services = config.serviceEndpoints().keySet();
    for (Meter meter : registry.getMeters()) {
      Meter.Id id = meter.getId();
      if (stale(id, endpoints, pipelines, steps, services)) {
        registry.remove(id);
      }
    }
  }

  private static boolean stale(
      Meter.Id id,
      Set<String> endpoints,
      Set<String> pipelines,
      Set<String> steps,
      Set<String> services) {
    String endpoint = id.getTag(MeterNames.API_ENDPOINT);
    if (endpoint != null
        && !endpoint.isEmpty()
        && !endpoint.startsWith("route:")
        && !endpoints.contains(endpoint)) {
      return true;
    }
    String pipeline = id.getTag(MeterNames.PIPELINE);
    if (pipeline != null && !pipeline.isEmpty()) {
      if (!pipelines.contains(pipeline)) {
        return true;
      }
      String policy = id.getTag(MeterNames.POLICY);
      if (policy != null && !steps.contains(pipeline + '\0' + policy)) {
        return true;
      }
    }
    String service = id.getTag(MeterNames.SERVICE_ENDPOINT);
    return service != null && !services.contains(service);
  }

  /** The whole exposition in {@code format}. CPU work proportional to the series: not on a loop. */
  public Buffer scrape(ExpositionFormat format) {
    if (prometheus == null) {
      throw new IllegalStateException("metrics are off");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      prometheus.scrape(out, format.contentType());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  /** Detaches the JVM listeners and closes the registry. */
  @Override
  public void close() {
    for (AutoCloseable binder : binders) {
      try {
        binder.close();
      } catch (Exception e) {
        // Closing a GC listener cannot fail in a way that matters at shutdown.
      }
    }
    registry.close();
  }
}
