package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/** {@code method}: the request method is one of {@code methods} (a name or a list). */
@Extension
public final class MethodConditionFactory
    implements ConditionFactory<MethodConditionFactory.Params> {

  /**
   * @param methods upper-case method names
   */
  public record Params(List<String> methods) {}

  @Override
  public String name() {
    return "method";
  }

  @Override
  public JsonObject paramsSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["methods"],"properties":{"methods":{"anyOf":[
          {"$ref":"#/definitions/method"},
          {"type":"array","minItems":1,"items":{"$ref":"#/definitions/method"}}]}},
         "definitions":{"method":{"enum":["GET","POST","PUT","PATCH","DELETE","HEAD","OPTIONS"]}}}
        """);
  }

  @Override
  public Class<Params> configType() {
    return Params.class;
  }

  @Override
  public Condition create(Params params, PolicyContext context) {
    Set<String> methods = Set.copyOf(params.methods());
    return exchange -> methods.contains(exchange.method().name());
  }
}
