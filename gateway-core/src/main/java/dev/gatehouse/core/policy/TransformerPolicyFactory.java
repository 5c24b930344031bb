package dev.gatehouse.core.policy;

import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;

/**
 * A step that makes the {@code headers} and {@code body} changes of a {@link TransformerConfig}
 * ({@code request-transformer}, {@code response-transformer}), compiled once per load.
 */
abstract class TransformerPolicyFactory implements PolicyFactory<TransformerConfig> {

  private final String name;
  private final Logger log;

  /**
   * @param log where the compiled changes report what they could not do
   */
  TransformerPolicyFactory(String name, Logger log) {
    this.name = name;
    this.log = log;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final JsonObject actionSchema() {
    return TransformerConfig.SCHEMA;
  }

  @Override
  public final Class<TransformerConfig> configType() {
    return TransformerConfig.class;
  }

  @Override
  public final Policy create(TransformerConfig config, PolicyContext context) {
    return policy(config.compile(log));
  }

  /** The step that applies the compiled changes. */
  abstract Policy policy(TransformerConfig.Compiled changes);
}
