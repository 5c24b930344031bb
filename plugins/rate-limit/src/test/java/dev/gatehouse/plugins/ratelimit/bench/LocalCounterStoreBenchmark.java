package dev.gatehouse.plugins.ratelimit.bench;

import dev.gatehouse.plugins.ratelimit.BenchAccess;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the in-process counters cost a request, per algorithm: one hot key shared by two threads
 * (the contended case: every event loop counts the same client), and keys spread over 10 000
 * clients.
 *
 * <p>Run: {@code mvn -B -o -q -pl plugins/rate-limit -am test-compile && mvn -B -o -pl
 * plugins/rate-limit exec:exec -Dexec.executable=java -Dexec.classpathScope=test -Dexec.args="-cp
 * %classpath org.openjdk.jmh.Main LocalCounterStoreBenchmark"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class LocalCounterStoreBenchmark {

  @Param({"fixed-window", "sliding-window", "token-bucket"})
  public String algorithm;

  private BenchAccess store;
  private final String[] keys = new String[10_000];

  @Setup
  public void create() {
    store = new BenchAccess(algorithm);
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "10.0." + (i / 256) + "." + (i % 256);
    }
  }

  @Benchmark
  public boolean oneHotKey() {
    return store.hit("10.0.0.1");
  }

  @Benchmark
  public boolean manyKeys(KeyCursor cursor) {
    return store.hit(keys[cursor.next(keys.length)]);
  }

  /** Each thread's own walk over the keys. */
  @State(Scope.Thread)
  public static class KeyCursor {
    private int position;

    int next(int size) {
      position = position + 1 == size ? 0 : position + 1;
      return position;
    }
  }
}
