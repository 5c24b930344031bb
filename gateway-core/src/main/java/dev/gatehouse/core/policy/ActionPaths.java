package dev.gatehouse.core.policy;

import java.util.regex.Pattern;

/**
 * Paths into a policy's action for {@link dev.gatehouse.api.PolicyConfigException}, written as the
 * core reads them: {@code forwardHeaders.id}, or {@code headers.add["x.y"]} for a key that holds a
 * dot, a bracket, a quote or whitespace.
 */
final class ActionPaths {

  private static final Pattern PLAIN_KEY = Pattern.compile("[^.\\[\\]\"'\\\\\\s]+");

  private ActionPaths() {}

  /** The path of {@code key} inside the object at {@code parent}. */
  static String child(String parent, String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return parent + "." + key;
    }
    StringBuilder quoted = new StringBuilder(parent).append("[\"");
    for (char c : key.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> quoted.append(c);
      }
    }
    return quoted.append("\"]").toString();
  }
}
