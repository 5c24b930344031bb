package dev.gatehouse.core.condition;

import org.pf4j.Extension;

/** {@code allOf}: every nested condition holds; evaluated in order, stopping at the first false. */
@Extension
public final class AllOfConditionFactory extends ConditionListFactory {

  public AllOfConditionFactory() {
    super("allOf", NestedConditions::allOf);
  }
}
