package dev.gatehouse.core.admin;

/**
 * The parts of {@code gateway.config.yml} the Admin API edits: three maps of named entries and the
 * policy whitelist.
 */
enum ConfigSection {
  API_ENDPOINTS("apiEndpoints", "apiEndpoint", "api-endpoints", "API endpoint"),
  SERVICE_ENDPOINTS("serviceEndpoints", null, "service-endpoints", "service endpoint"),
  PIPELINES("pipelines", "pipeline", "pipelines", "pipeline"),
  POLICIES("policies", null, "policies", "policy");

  private final String key;
  private final String alias;
  private final String resource;
  private final String noun;

  ConfigSection(String key, String alias, String resource, String noun) {
    this.key = key;
    this.alias = alias;
    this.resource = resource;
    this.noun = noun;
  }

  /** The top-level key, e.g. {@code apiEndpoints}. */
  String key() {
    return key;
  }

  /** Express Gateway's singular alias of the key, or null. */
  String alias() {
    return alias;
  }

  /** The Admin API's path segment, e.g. {@code api-endpoints}. */
  String resource() {
    return resource;
  }

  /** What one entry is called in messages. */
  String noun() {
    return noun;
  }

  /** The whitelist is a list of names; the other sections map names to definitions. */
  boolean isList() {
    return this == POLICIES;
  }
}
