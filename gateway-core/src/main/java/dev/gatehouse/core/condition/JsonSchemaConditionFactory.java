package dev.gatehouse.core.condition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * {@code json-schema}: the request body, JSON or a form, satisfies the JSON Schema {@code schema}.
 * A body of another type (or none) does not. The body is buffered up to {@code maxBodyBytes} (a
 * larger one is answered 413) and still reaches the upstream unchanged.
 *
 * <p>Unlike in Express Gateway the schema needs no {@code $id}, the condition runs in its declared
 * place and nests inside {@code allOf}, {@code oneOf} and {@code not}, and a {@code $ref} is never
 * fetched over the network: it resolves within the schema or to the schema of an earlier {@code
 * json-schema} condition with that {@code $id}; anything else is a load-time error.
 */
@Extension
public final class JsonSchemaConditionFactory
    implements ConditionFactory<JsonSchemaConditionFactory.Params> {

  /**
   * @param schema the JSON Schema the body must satisfy
   * @param logErrors whether to log why a body fails, at info with the request id (default false)
   * @param maxBodyBytes the largest body the condition reads (default 1 MiB)
   */
  public record Params(JsonNode schema, boolean logErrors, long maxBodyBytes) {}

  // One per gateway, not per configuration: a schema refers by $id to the schemas declared before
  // it, and nothing tells a condition where one configuration ends (see JsonSchemaAdapter.compile).
  private final JsonSchemaAdapter schemas = new JsonSchemaAdapter();

  @Override
  public String name() {
    return "json-schema";
  }

  @Override
  public JsonObject paramsSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["schema"],"properties":{
          "schema":{"type":"object"},
          "logErrors":{"type":"boolean","default":false},
          "maxBodyBytes":{"type":"integer","minimum":1,"default":1048576}}}
        """);
  }

  @Override
  public Class<Params> configType() {
    return Params.class;
  }

  @Override
  public Condition create(Params params, PolicyContext context) {
    try {
      return new JsonSchemaCondition(
          schemas.compile(params.schema()),
          params.maxBodyBytes(),
          params.logErrors(),
          context.logger());
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException("schema", e.getMessage());
    }
  }
}
