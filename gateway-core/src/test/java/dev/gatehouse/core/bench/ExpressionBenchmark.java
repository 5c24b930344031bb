package dev.gatehouse.core.bench;

import dev.gatehouse.core.expression.EgContext;
import dev.gatehouse.core.expression.EvaluationException;
import dev.gatehouse.core.expression.ExampleRequest;
import dev.gatehouse.core.expression.Expression;
import dev.gatehouse.core.expression.StubExchange;
import dev.gatehouse.core.expression.Template;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a CEL expression costs a request: typical conditions (on the request, on the consumer, with
 * a regular expression, one that fails on a missing header) and a log template, each in a fresh
 * context as on the request path, against the example request of {@code docs/expressions.md}.
 *
 * <p>Run: {@code mvn -pl gateway-core -am test-compile -q && mvn -pl gateway-core exec:exec
 * -Dexec.executable=java -Dexec.classpathScope=test -Dexec.args="-cp %classpath
 * org.openjdk.jmh.Main ExpressionBenchmark"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExpressionBenchmark {

  private StubExchange exchange;
  private Expression requestCondition;
  private Expression consumerCondition;
  private Expression regexCondition;
  private Expression missingHeaderCondition;
  private Template logTemplate;

  @Setup
  public void compile() {
    exchange = ExampleRequest.authenticated();
    requestCondition =
        Expression.compileCondition(
            "req.method == 'POST' && 'x-api-key' in req.headers && req.path.startsWith('/v1/')",
            "expression");
    consumerCondition = Expression.compileCondition("'admin' in consumer.scopes", "expression");
    regexCondition =
        Expression.compileCondition("req.path.matches('^/v1/orders(/[0-9]+)?$')", "expression");
    missingHeaderCondition =
        Expression.compileCondition("req.headers['x-tenant'] == 'acme'", "expression");
    logTemplate = Template.compile("${req.method} ${req.originalUrl} ${requestID}", "message");
  }

  @Benchmark
  public boolean conditionOnTheRequest() {
    return requestCondition.test(EgContext.of(exchange));
  }

  @Benchmark
  public boolean conditionOnTheConsumer() {
    return consumerCondition.test(EgContext.of(exchange));
  }

  @Benchmark
  public boolean conditionWithARegularExpression() {
    return regexCondition.test(EgContext.of(exchange));
  }

  /** An absent header makes CEL fail; the condition is then false. The slow path. */
  @Benchmark
  public boolean conditionOnAMissingHeader() {
    try {
      return missingHeaderCondition.test(EgContext.of(exchange));
    } catch (EvaluationException e) {
      return false;
    }
  }

  @Benchmark
  public String logTemplate() {
    return logTemplate.render(EgContext.of(exchange));
  }
}
