package dev.gatehouse.core.bench;

import dev.gatehouse.core.routing.HostPattern;
import dev.gatehouse.core.routing.PathNormalizer;
import dev.gatehouse.core.routing.PathPattern;
import dev.gatehouse.core.routing.RouteMatch;
import dev.gatehouse.core.routing.RouteTable;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The routing step of every request: normalise the path and find the first matching endpoint in a
 * table of {@code routes} endpoints (two host groups, literal, parameter and wildcard paths).
 *
 * <p>Run: {@code mvn -pl gateway-core -am test-compile -q && mvn -pl gateway-core exec:exec
 * -Dexec.executable=java -Dexec.classpathScope=test -Dexec.args="-cp %classpath
 * org.openjdk.jmh.Main RoutingBenchmark"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingBenchmark {

  @Param({"10", "200"})
  int routes;

  private RouteTable<String> table;

  @Setup
  public void build() {
    RouteTable.Builder<String> builder = RouteTable.builder();
    for (int i = 0; i < routes; i++) {
      HostPattern host = i % 2 == 0 ? HostPattern.any() : HostPattern.glob("*.example.com");
      builder.add(host, PathPattern.express("/service" + i + "/users/:id"), Set.of(), "p" + i);
      builder.add(host, PathPattern.express("/service" + i + "/*"), Set.of("GET"), "w" + i);
    }
    builder.add(HostPattern.any(), PathPattern.express("*"), Set.of(), "catch-all");
    table = builder.build();
  }

  @Benchmark
  public Object literalAndParameter() {
    return first("/service" + (routes / 2) + "/users/42");
  }

  @Benchmark
  public Object wildcardAfterNormalisation() {
    return first(PathNormalizer.normalize("/service" + (routes - 1) + "/a/./b//c"));
  }

  @Benchmark
  public Object nothingMatchesButTheCatchAll() {
    return first("/unknown/path/that/matches/nothing");
  }

  private Object first(String path) {
    Iterator<RouteMatch<String>> matches = table.matches("api.example.com", "GET", path);
    return matches.hasNext() ? matches.next() : null;
  }
}
