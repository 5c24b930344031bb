package dev.gatehouse.core.bench;

import dev.gatehouse.core.metrics.GatewayMetrics;
import dev.gatehouse.core.metrics.MetricsSettings;
import dev.gatehouse.core.metrics.RouteMeters;
import dev.gatehouse.core.metrics.StepMeters;
import dev.gatehouse.core.metrics.UpstreamMeters;
import io.vertx.core.http.HttpMethod;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What metrics cost one proxied request: the clock reads and records the gateway makes for a
 * one-policy proxy pipeline (the request, the proxy step, the upstream call), with metrics on and
 * off, from two threads at once as two event loops share one route's meters.
 *
 * <p>Run: {@code mvn -pl gateway-core -am test-compile -q && mvn -pl gateway-core exec:exec
 * -Dexec.executable=java -Dexec.classpathScope=test -Dexec.args="-cp %classpath
 * org.openjdk.jmh.Main MetricsRecordingBenchmark"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(2)
@Fork(1)
public class MetricsRecordingBenchmark {

  @Param({"true", "false"})
  public boolean enabled;

  private GatewayMetrics metrics;
  private RouteMeters route;
  private StepMeters step;
  private UpstreamMeters upstream;

  @Setup(Level.Trial)
  public void bind() {
    metrics = GatewayMetrics.start(new MetricsSettings(enabled, java.util.Optional.empty()));
    route = metrics.route("api", "api");
    step = metrics.step("api", "proxy");
    upstream = metrics.upstream("backend");
  }

  @TearDown(Level.Trial)
  public void close() {
    metrics.close();
  }

  @Benchmark
  public long proxiedRequest() {
    long started = System.nanoTime();
    long stepStarted = step == null ? 0 : System.nanoTime();
    long upstreamStarted = System.nanoTime();
    upstream.answered(System.nanoTime() - upstreamStarted);
    if (step != null) {
      step.responded(System.nanoTime() - stepStarted, null);
    }
    if (enabled) {
      metrics.inFlight().increment();
    }
    long elapsed = System.nanoTime() - started;
    route.record(HttpMethod.GET, 200, elapsed);
    if (enabled) {
      metrics.inFlight().decrement();
    }
    return elapsed;
  }
}
