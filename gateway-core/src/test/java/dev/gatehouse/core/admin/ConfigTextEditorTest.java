package dev.gatehouse.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.admin.ConfigTextEditor.Edit;
import dev.gatehouse.core.admin.ConfigTextEditor.Outcome;
import dev.gatehouse.core.config.ConfigBinding;
import org.junit.jupiter.api.Test;

/**
 * The text edits behind configuration writes, on the layouts a hand-written file has: flow and
 * block collections, JSON, missing or empty sections, Windows line breaks, EG's aliases.
 */
class ConfigTextEditorTest {

  private static JsonNode json(String text) throws Exception {
    return ConfigBinding.mapper().readTree(text);
  }

  private static Edit yaml(String text, ConfigChange change) {
    return new ConfigTextEditor(text, false, false).apply(change);
  }

  private static Edit jsonFile(String text, ConfigChange change) {
    return new ConfigTextEditor(text, true, false).apply(change);
  }

  @Test
  void aFlowWhitelistGetsAndLosesItemsWithTheirCommas() {
    String text = "policies: [proxy, terminate]  # core only\n";

    Edit added = yaml(text, ConfigChange.addPolicy("cors"));
    assertThat(added.text()).isEqualTo("policies: [proxy, terminate, cors]  # core only\n");
    assertThat(yaml(added.text(), ConfigChange.remove(ConfigSection.POLICIES, "proxy")).text())
        .isEqualTo("policies: [terminate, cors]  # core only\n");
    assertThat(yaml(added.text(), ConfigChange.remove(ConfigSection.POLICIES, "cors")).text())
        .isEqualTo(text);
    assertThat(
            yaml("policies: [proxy]\n", ConfigChange.remove(ConfigSection.POLICIES, "proxy"))
                .text())
        .isEqualTo("policies: []\n");
    assertThat(yaml("policies: []\n", ConfigChange.addPolicy("proxy")).text())
        .isEqualTo("policies: [proxy]\n");
  }

  @Test
  void aWhitelistAlreadyHoldingThePolicyIsUnchangedAndAMissingOneAbsent() {
    assertThat(yaml("policies: [proxy]\n", ConfigChange.addPolicy("proxy")).outcome())
        .isEqualTo(Outcome.UNCHANGED);
    assertThat(
            yaml("policies: [proxy]\n", ConfigChange.remove(ConfigSection.POLICIES, "cors"))
                .outcome())
        .isEqualTo(Outcome.ABSENT);
  }

  @Test
  void anIndentlessBlockListKeepsItsStyle() {
    String text = "policies:\n- proxy\n- jwt\nhttp: {port: 0}\n";

    assertThat(yaml(text, ConfigChange.addPolicy("cors")).text())
        .isEqualTo("policies:\n- proxy\n- jwt\n- cors\nhttp: {port: 0}\n");
    assertThat(yaml(text, ConfigChange.remove(ConfigSection.POLICIES, "proxy")).text())
        .isEqualTo("policies:\n- jwt\nhttp: {port: 0}\n");
  }

  @Test
  void aMissingSectionIsAddedAfterTheLastOne() throws Exception {
    String text = "http: {port: 0}  # listener\n\n# trailing comment\n";

    Edit edit =
        yaml(
            text,
            ConfigChange.put(ConfigSection.SERVICE_ENDPOINTS, "b", json("{\"url\":\"http://b\"}")));

    assertThat(edit.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(edit.text())
        .isEqualTo(
            "http: {port: 0}  # listener\nserviceEndpoints:\n  b:\n    url: http://b\n\n# trailing comment\n");
  }

  @Test
  void anEmptySectionGetsItsFirstEntry() throws Exception {
    String text = "apiEndpoints:\npipelines: ~\n";

    String endpoint =
        yaml(text, ConfigChange.put(ConfigSection.API_ENDPOINTS, "a", json("{\"paths\":\"/a\"}")))
            .text();
    assertThat(endpoint).isEqualTo("apiEndpoints:\n  a:\n    paths: /a\npipelines: ~\n");
    assertThat(
            yaml(text, ConfigChange.put(ConfigSection.PIPELINES, "p", json("{\"policies\":[]}")))
                .text())
        .isEqualTo("apiEndpoints:\npipelines:\n  p:\n    policies: []\n");
  }

  @Test
  void anEmptyFileGetsTheSection() throws Exception {
    assertThat(yaml("", ConfigChange.addPolicy("proxy")).text())
        .isEqualTo("policies:\n  - proxy\n");
    assertThat(yaml("# only a comment", ConfigChange.addPolicy("proxy")).text())
        .isEqualTo("# only a comment\npolicies:\n  - proxy\n");
    assertThat(jsonFile("", ConfigChange.addPolicy("proxy")).text())
        .isEqualTo("{\n  \"policies\": [\n    \"proxy\"\n  ]\n}\n");
  }

  @Test
  void removingASectionsOnlyEntryLeavesAnEmptyMap() {
    String text = "apiEndpoints:\n  a:\n    paths: /a   # the only one\nhttp: {port: 0}\n";

    assertThat(yaml(text, ConfigChange.remove(ConfigSection.API_ENDPOINTS, "a")).text())
        .isEqualTo("apiEndpoints:\n  {}\nhttp: {port: 0}\n");
  }

  @Test
  void flowSectionsTakeJsonValues() throws Exception {
    String text = "serviceEndpoints: {a: {url: 'http://a'}}\n";

    Edit edit =
        yaml(
            text,
            ConfigChange.put(ConfigSection.SERVICE_ENDPOINTS, "b", json("{\"url\":\"http://b\"}")));
    assertThat(edit.text())
        .isEqualTo("serviceEndpoints: {a: {url: 'http://a'}, b: {\"url\": \"http://b\"}}\n");
    assertThat(yaml(edit.text(), ConfigChange.remove(ConfigSection.SERVICE_ENDPOINTS, "a")).text())
        .isEqualTo("serviceEndpoints: {b: {\"url\": \"http://b\"}}\n");
  }

  @Test
  void windowsLineBreaksStayWindowsLineBreaks() throws Exception {
    String text = "apiEndpoints:\r\n  a:\r\n    paths: /a\r\n";

    assertThat(
            yaml(
                    text,
                    ConfigChange.put(
                        ConfigSection.API_ENDPOINTS, "b", json("{\"paths\":[\"/b\"]}")))
                .text())
        .isEqualTo(
            "apiEndpoints:\r\n  a:\r\n    paths: /a\r\n  b:\r\n    paths:\r\n      - /b\r\n");
  }

  @Test
  void expressGatewaysSingularAliasIsEditedWhereItIs() throws Exception {
    String text = "apiEndpoint:\n  a: {paths: /a}\n";

    assertThat(
            yaml(
                    text,
                    ConfigChange.put(ConfigSection.API_ENDPOINTS, "a", json("{\"paths\":\"/b\"}")))
                .text())
        .isEqualTo("apiEndpoint:\n  a:\n    paths: /b\n");
  }

  @Test
  void placeholdersElsewhereSurviveAndNewOnesAreWrittenAsGiven() throws Exception {
    String text = "serviceEndpoints:\n  a: {url: ${A_URL}}\n  b:\n    url: '${B_URL:-http://b}'\n";

    assertThat(
            yaml(
                    text,
                    ConfigChange.put(
                        ConfigSection.SERVICE_ENDPOINTS, "a", json("{\"url\":\"${NEW_URL}\"}")))
                .text())
        .isEqualTo(
            "serviceEndpoints:\n  a:\n    url: ${NEW_URL}\n  b:\n    url: '${B_URL:-http://b}'\n");
  }

  @Test
  void aJsonEntryIsReplacedAndRemovedWithItsComma() throws Exception {
    String text =
        "{\n  \"apiEndpoints\": {\n    \"a\": {\"paths\": \"/a\"},\n    \"b\": {}\n  }\n}\n";

    assertThat(
            jsonFile(
                    text,
                    ConfigChange.put(ConfigSection.API_ENDPOINTS, "a", json("{\"paths\":\"/x\"}")))
                .text())
        .isEqualTo(
            "{\n  \"apiEndpoints\": {\n    \"a\": {\n      \"paths\": \"/x\"\n    },\n    \"b\": {}\n  }\n}\n");
    assertThat(jsonFile(text, ConfigChange.remove(ConfigSection.API_ENDPOINTS, "a")).text())
        .isEqualTo("{\n  \"apiEndpoints\": {\n    \"b\": {}\n  }\n}\n");
    assertThat(jsonFile(text, ConfigChange.remove(ConfigSection.API_ENDPOINTS, "b")).text())
        .isEqualTo("{\n  \"apiEndpoints\": {\n    \"a\": {\"paths\": \"/a\"}\n  }\n}\n");
  }

  @Test
  void pipelinesWrittenAsAListAreNotEdited() throws Exception {
    String text = "pipelines:\n  - name: a\n    policies: []\n";
    JsonNode pipeline = json("{\"policies\":[]}");

    assertThatThrownBy(() -> yaml(text, ConfigChange.put(ConfigSection.PIPELINES, "b", pipeline)))
        .isInstanceOf(AdminProblem.class)
        .hasMessageContaining("config.unsupported_layout");
  }

  @Test
  void anEntryMergedFromAnAnchorIsNotSilentlyAbsent() {
    String text = "base: &base\n  a: {paths: /a}\napiEndpoints:\n  <<: *base\n  b: {paths: /b}\n";

    assertThatThrownBy(() -> yaml(text, ConfigChange.remove(ConfigSection.API_ENDPOINTS, "a")))
        .isInstanceOf(AdminProblem.class)
        .hasMessageContaining("merge");
  }
}
