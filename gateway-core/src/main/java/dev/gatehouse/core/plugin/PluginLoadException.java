package dev.gatehouse.core.plugin;

import java.util.List;

/** The plugins folder holds something the gateway refuses to start with; each line names a jar. */
public final class PluginLoadException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  PluginLoadException(List<String> problems) {
    super("cannot load plugins:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One message per problem, each naming the jar it is about. */
  public List<String> problems() {
    return problems;
  }
}
