package dev.gatehouse.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Properties as the command line gives them: Express Gateway's {@code -p key=value} options, and
 * the newline-delimited JSON objects of {@code --stdin}.
 */
final class PropertyArgs {

  private PropertyArgs() {}

  /**
   * {@code -p key=value} options as an object. Values are text; with {@code jsonValues}, a value
   * that is JSON ({@code ["a","b"]}, {@code true}, {@code 3}) is taken as that JSON, as EG's
   * credential command does.
   *
   * @throws CliFailure for an option without {@code =}, a key or a value
   */
  static ObjectNode parse(List<String> options, boolean jsonValues) throws CliFailure {
    ObjectNode properties = AdminHttp.JSON.createObjectNode();
    for (String option : options) {
      int equals = option.indexOf('=');
      if (equals <= 0 || equals == option.length() - 1) {
        throw new CliFailure(
            CliFailure.USAGE, "invalid property option: '" + option + "'; write -p key=value");
      }
      String key = option.substring(0, equals);
      String value = option.substring(equals + 1);
      properties.set(key, jsonValues ? jsonOrText(value) : properties.textNode(value));
    }
    return properties;
  }

  private static JsonNode jsonOrText(String value) {
    try {
      return AdminHttp.JSON.readTree(value);
    } catch (JsonProcessingException e) {
      return AdminHttp.JSON.getNodeFactory().textNode(value);
    }
  }

  /** One line of {@code --stdin} as a JSON object. */
  static ObjectNode lineObject(String text) throws CliFailure {
    try {
      JsonNode node = AdminHttp.JSON.readTree(text);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
    throw new CliFailure(CliFailure.REFUSED, "not a JSON object: " + shown);
  }
}
