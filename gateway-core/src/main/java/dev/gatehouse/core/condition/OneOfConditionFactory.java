package dev.gatehouse.core.condition;

import org.pf4j.Extension;

/**
 * {@code oneOf}: at least one nested condition holds (Express Gateway's meaning, despite the name);
 * evaluated in order, stopping at the first true.
 */
@Extension
public final class OneOfConditionFactory extends ConditionListFactory {

  public OneOfConditionFactory() {
    super("oneOf", NestedConditions::anyOf);
  }
}
