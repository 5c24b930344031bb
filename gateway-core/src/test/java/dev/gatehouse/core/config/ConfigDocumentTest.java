package dev.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ConfigDocumentTest {

  private static final String FILE = "gateway.config.yml";

  private static final String CONFIG =
      """
      http:
        port: 8080
      apiEndpoint:
        api:
          path: /v1/*
      pipelines:
        api:
          apiEndpoints: [api]
          policies:
            - key-auth:
            - proxy:
                - action:
                    serviceEndpoint: backend
                    changeOrigin: true
        legacy:
          policies:
            jwt:
              action: {secretOrPublicKey: s}
      """;

  private static ConfigDocument document() throws ConfigException {
    return YamlReader.read(FILE, CONFIG);
  }

  private static SourceLocation at(int line, int column) {
    return new SourceLocation(FILE, line, column);
  }

  private static SourceLocation locate(ConfigDocument doc, String path) {
    return doc.locate(ConfigPath.parse(path));
  }

  @Test
  void locatesKeysOfNestedMappings() throws Exception {
    ConfigDocument doc = document();

    assertThat(locate(doc, "http")).isEqualTo(at(1, 1));
    assertThat(locate(doc, "http.port")).isEqualTo(at(2, 3));
    assertThat(locate(doc, "apiEndpoint.api.path")).isEqualTo(at(5, 5));
  }

  @Test
  void locatesElementsOfSequences() throws Exception {
    ConfigDocument doc = document();

    assertThat(locate(doc, "pipelines.api.apiEndpoints[0]")).isEqualTo(at(8, 20));
    assertThat(locate(doc, "pipelines.api.policies[1]")).isEqualTo(at(11, 9));
    assertThat(locate(doc, "pipelines.api.policies[1].proxy[0].action.changeOrigin"))
        .isEqualTo(at(14, 15));
  }

  @Test
  void theRootIsLineOne() throws Exception {
    assertThat(document().locate(ConfigPath.root())).isEqualTo(at(1, 1));
  }

  @Test
  void unknownPathsFallBackToTheNearestLocatedAncestor() throws Exception {
    ConfigDocument doc = document();

    assertThat(locate(doc, "pipelines.api.policies[1].proxy[0].action.missing.deeper"))
        .isEqualTo(at(12, 13));
    assertThat(locate(doc, "pipelines.api.policies[7]")).isEqualTo(at(9, 5));
    assertThat(locate(doc, "nothing.here")).isEqualTo(at(1, 1));
  }

  @Test
  void valuesAddedLaterLocateToTheirContainer() throws Exception {
    ConfigDocument doc = document();
    ((ObjectNode) doc.root().get("http")).put("hostname", "0.0.0.0");

    assertThat(locate(doc, "http.hostname")).isEqualTo(at(1, 1));
  }

  @Test
  void relocateKeepsARenamedKeyOnItsOriginalLine() throws Exception {
    ConfigDocument doc = document();
    ObjectNode root = doc.root();
    root.set("apiEndpoints", root.remove("apiEndpoint"));
    doc.relocate(root, "apiEndpoint", "apiEndpoints");
    ObjectNode api = (ObjectNode) root.get("apiEndpoints").get("api");
    api.set("paths", api.remove("path"));
    doc.relocate(api, "path", "paths");

    assertThat(locate(doc, "apiEndpoints")).isEqualTo(at(3, 1));
    assertThat(locate(doc, "apiEndpoints.api.paths")).isEqualTo(at(5, 5));
  }

  @Test
  void aScalarWrappedInAnArrayLocatesToItsKey() throws Exception {
    ConfigDocument doc = document();
    ObjectNode api = (ObjectNode) doc.root().get("apiEndpoint").get("api");
    api.putArray("path").add("/v1/*");

    assertThat(locate(doc, "apiEndpoint.api.path[0]")).isEqualTo(at(5, 5));
  }

  @Test
  void adoptKeepsPositionsThroughAWrapper() throws Exception {
    ConfigDocument doc = document();
    ObjectNode legacy = (ObjectNode) doc.root().get("pipelines").get("legacy");
    JsonNode steps = legacy.get("policies");
    ArrayNode wrapper = legacy.putArray("policies").add(steps);
    doc.adopt(wrapper, steps);

    assertThat(locate(doc, "pipelines.legacy.policies[0]")).isEqualTo(at(17, 7));
    assertThat(locate(doc, "pipelines.legacy.policies[0].jwt.action.secretOrPublicKey"))
        .isEqualTo(at(18, 18));
  }

  @Test
  void adoptKeepsPositionsThroughADeepCopy() throws Exception {
    ConfigDocument doc = document();
    ObjectNode api = (ObjectNode) doc.root().get("pipelines").get("api");
    ArrayNode original = (ArrayNode) api.get("policies");
    ArrayNode copy = original.deepCopy();
    api.set("policies", copy);
    doc.adopt(copy, original);

    assertThat(locate(doc, "pipelines.api.policies[1].proxy[0].action.serviceEndpoint"))
        .isEqualTo(at(13, 15));
  }

  @Test
  void sequenceElementsKeepTheirPositionWhenTheSequenceChanges() throws Exception {
    ConfigDocument doc = document();
    ArrayNode policies = (ArrayNode) doc.root().get("pipelines").get("api").get("policies");
    policies.insert(0, JsonNodeFactory.instance.objectNode().putNull("log"));

    assertThat(locate(doc, "pipelines.api.policies[2]")).isEqualTo(at(11, 9));
    assertThat(locate(doc, "pipelines.api.policies[2].proxy[0].action")).isEqualTo(at(12, 13));
  }

  @Test
  void mergedKeysLocateToWhereTheyAreWritten() throws Exception {
    ConfigDocument doc =
        YamlReader.read(
            FILE,
            """
            defaults: &d
              timeout: 100
            proxy:
              <<: *d
              url: x
            """);

    assertThat(locate(doc, "proxy.timeout")).isEqualTo(at(2, 3));
    assertThat(locate(doc, "proxy.url")).isEqualTo(at(5, 3));
  }
}
