package dev.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "gateway.config.yml";

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static SchemaValidator compile(String schema) {
    return new JsonSchemas().compile("test", json(schema));
  }

  private static List<String> messages(List<ConfigError> errors) {
    return errors.stream().map(ConfigError::format).toList();
  }

  private static List<ConfigError> validateRoot(SchemaValidator validator, ConfigDocument doc) {
    return validator.validate(doc, ConfigPath.root(), doc.root());
  }

  @Test
  void appliesDefaultsRecursivelyIncludingMissingObjects() throws Exception {
    SchemaValidator validator =
        compile(
            """
            {"type": "object", "properties": {
              "admin": {"type": "object", "default": {}, "properties": {
                "port": {"type": "integer", "default": 9876},
                "host": {"type": "string", "default": "localhost"}}},
              "db": {"type": "object", "properties": {
                "redis": {"type": "object", "default": {}, "properties": {
                  "emulate": {"type": "boolean", "default": false},
                  "namespace": {"type": "string", "default": "EG"}}}}}}}
            """);
    ConfigDocument doc = YamlReader.read("system.config.yml", "db: {}\n");

    assertThat(validateRoot(validator, doc)).isEmpty();
    assertThat(doc.root())
        .isEqualTo(
            json(
                """
                {"db": {"redis": {"emulate": false, "namespace": "EG"}},
                 "admin": {"port": 9876, "host": "localhost"}}
                """));
  }

  @Test
  void defaultsAreCopiesAndNeverOverwriteWrittenValues() throws Exception {
    SchemaValidator validator =
        compile("{\"properties\": {\"a\": {\"default\": {\"x\": 1}}, \"b\": {\"default\": 2}}}");
    ObjectNode first = (ObjectNode) json("{\"b\": null}");
    ObjectNode second = (ObjectNode) json("{}");

    validator.validate(ConfigPath.root(), first);
    validator.validate(ConfigPath.root(), second);
    ((ObjectNode) first.get("a")).put("x", 99);

    assertThat(first.get("b").isNull()).isTrue();
    assertThat(second).isEqualTo(json("{\"a\": {\"x\": 1}, \"b\": 2}"));
  }

  @Test
  void defaultsInsideAnyOfAndOneOfAreNotAppliedAsInAjv() {
    SchemaValidator validator =
        compile(
            """
            {"properties": {"step": {"anyOf": [
              {"type": "object", "properties": {"condition": {"default": {"name": "always"}}}}]}}}
            """);
    JsonNode instance = json("{\"step\": {}}");

    assertThat(validator.validate(ConfigPath.root(), instance)).isEmpty();
    assertThat(instance).isEqualTo(json("{\"step\": {}}"));
  }

  @Test
  void defaultsComeThroughRefAndAllOfFromRegisteredSchemas() {
    JsonSchemas schemas = new JsonSchemas();
    schemas.register(
        json(
            """
            {"$id": "http://express-gateway.io/schemas/base/auth.json", "type": "object",
             "properties": {"passThrough": {"type": "boolean", "default": false}}}
            """));
    SchemaValidator basicAuth =
        schemas.compile(
            "basic-auth",
            json(
                """
                {"$id": "http://express-gateway.io/schemas/policies/basic-auth.json",
                 "allOf": [{"$ref": "http://express-gateway.io/schemas/base/auth.json"}]}
                """));
    JsonNode action = json("{}");
    JsonNode wrong = json("{\"passThrough\": \"maybe\"}");

    assertThat(basicAuth.validate(ConfigPath.root(), action)).isEmpty();
    assertThat(action).isEqualTo(json("{\"passThrough\": false}"));
    assertThat(messages(basicAuth.validate(ConfigPath.parse("action"), wrong)))
        .containsExactly("action.passThrough: expected boolean, got string \"maybe\"");
  }

  @Test
  void coercesStringsToNumbersAndBooleansInThePlaceTheyAre() throws Exception {
    SchemaValidator validator =
        compile(
            """
            {"properties": {
              "http": {"properties": {"port": {"type": "integer"}}},
              "timeout": {"type": "number"},
              "secure": {"type": "boolean"},
              "secret": {"type": "string"},
              "list": {"type": "array", "items": {"type": "integer"}}}}
            """);
    ConfigDocument doc =
        YamlReader.read(
            FILE,
            "http:\n  port: \"8080\"\ntimeout: ' 1.5 '\nsecure: 'true'\nsecret: 12345\n"
                + "list: ['1', '0x10']\n");

    assertThat(validateRoot(validator, doc)).isEmpty();
    assertThat(doc.root().get("http").get("port").isInt()).isTrue();
    assertThat(doc.root())
        .isEqualTo(
            json(
                """
                {"http": {"port": 8080}, "timeout": 1.5, "secure": true, "secret": "12345",
                 "list": [1, 16]}
                """));
  }

  @Test
  void coercesAsAjvDoesForNullAndBooleans() {
    SchemaValidator validator =
        compile(
            """
            {"properties": {"n": {"type": "number"}, "s": {"type": "string"},
             "b": {"type": "boolean"}, "z": {"type": "null"}, "i": {"type": "integer"},
             "either": {"type": ["boolean", "string"]}}}
            """);
    JsonNode instance =
        json("{\"n\": true, \"s\": null, \"b\": 0, \"z\": \"\", \"i\": \"2.5\", \"either\": 1}");

    List<ConfigError> errors = validator.validate(ConfigPath.root(), instance);

    assertThat(instance)
        .isEqualTo(
            json(
                "{\"n\": 1, \"s\": \"\", \"b\": false, \"z\": null, \"i\": \"2.5\", \"either\": \"1\"}"));
    assertThat(messages(errors)).containsExactly("i: expected integer, got string \"2.5\"");
  }

  @Test
  void typeErrorsSayWhatWasExpectedAndWhereItIs() throws Exception {
    SchemaValidator validator =
        compile(
            "{\"properties\": {\"http\": {\"properties\": {\"port\": {\"type\": \"integer\"}}}}}");
    ConfigDocument doc = YamlReader.read(FILE, "# listener\nhttp:\n  port: abc\n");

    assertThat(messages(validateRoot(validator, doc)))
        .containsExactly("gateway.config.yml:3:3 http.port: expected integer, got string \"abc\"");
  }

  @Test
  void requiredErrorsNameTheObjectThatLacksTheProperty() throws Exception {
    SchemaValidator validator =
        compile(
            """
            {"properties": {"serviceEndpoints": {"additionalProperties": {
              "type": "object", "required": ["url"]}}}}
            """);
    ConfigDocument doc =
        YamlReader.read(FILE, "serviceEndpoints:\n  backend:\n    uri: http://x\n");

    assertThat(messages(validateRoot(validator, doc)))
        .containsExactly(
            "gateway.config.yml:2:3 serviceEndpoints.backend: required property 'url' missing");
  }

  @Test
  void enumErrorsListTheAllowedValues() throws Exception {
    SchemaValidator validator =
        compile("{\"properties\": {\"tokenType\": {\"enum\": [\"opaque\", \"jwt\"]}}}");
    ConfigDocument doc = YamlReader.read("system.config.yml", "a: 1\ntokenType: paseto\n");

    assertThat(messages(validateRoot(validator, doc)))
        .containsExactly(
            "system.config.yml:2:1 tokenType: must be one of [opaque, jwt], got string \"paseto\"");
  }

  @Test
  void errorsArePlacedBelowTheGivenPathAndSortedByLine() throws Exception {
    SchemaValidator jwt =
        compile(
            """
            {"type": "object", "required": ["secretOrPublicKey"], "properties": {
              "checkCredentialExistence": {"type": "boolean"},
              "audience": {"type": "string"}}}
            """);
    ConfigDocument doc =
        YamlReader.read(
            FILE,
            """
            pipelines:
              api:
                policies:
                  - key-auth:
                  - jwt:
                      action:
                        audience: [a]
                        checkCredentialExistence: maybe
            """);
    ConfigPath at = ConfigPath.parse("pipelines.api.policies[1].jwt.action");

    List<ConfigError> errors =
        jwt.validate(doc, at, doc.root().at("/pipelines/api/policies/1/jwt/action"));

    assertThat(messages(errors))
        .containsExactly(
            "gateway.config.yml:6:11 pipelines.api.policies[1].jwt.action:"
                + " required property 'secretOrPublicKey' missing",
            "gateway.config.yml:7:13 pipelines.api.policies[1].jwt.action.audience:"
                + " expected string, got an array",
            "gateway.config.yml:8:13 pipelines.api.policies[1].jwt.action.checkCredentialExistence:"
                + " expected boolean, got string \"maybe\"");
  }

  @Test
  void aValueOfTheWrongKindForEveryAlternativeGetsOneError() {
    SchemaValidator validator =
        compile(
            """
            {"properties": {"paths": {"anyOf": [
              {"type": "string"}, {"type": "array", "items": {"type": "string"}}]}}}
            """);

    assertThat(messages(validator.validate(ConfigPath.root(), json("{\"paths\": {\"a\": 1}}"))))
        .containsExactly("paths: expected string or array, got an object");
  }

  @Test
  void aValueOfTheRightKindForOneAlternativeGetsThatAlternativesErrors() {
    SchemaValidator validator =
        compile(
            """
            {"properties": {"paths": {"oneOf": [
              {"type": "string"}, {"type": "array", "items": {"type": "string"}}]}}}
            """);

    assertThat(messages(validator.validate(ConfigPath.root(), json("{\"paths\": [\"/a\", {}]}"))))
        .containsExactly("paths[1]: expected string, got an object");
  }

  @Test
  void alternativesOfTheSameKindAreSummarisedTogether() {
    SchemaValidator validator =
        compile(
            """
            {"additionalProperties": {"oneOf": [
              {"type": "object", "required": ["url"]},
              {"type": "object", "required": ["urls"]}]}}
            """);

    assertThat(
            messages(validator.validate(ConfigPath.parse("serviceEndpoints"), json("{\"b\": {}}"))))
        .containsExactly(
            "serviceEndpoints.b: matches none of the allowed alternatives:"
                + " required property 'url' missing; or required property 'urls' missing");
    assertThat(
            messages(
                validator.validate(
                    ConfigPath.parse("serviceEndpoints"),
                    json("{\"b\": {\"url\": \"x\", \"urls\": [\"y\"]}}"))))
        .containsExactly(
            "serviceEndpoints.b: matches 2 of the allowed alternatives, but must match exactly one");
  }

  @Test
  void coercesInsideAlternativesOnlyWhenNoneFitsAsWritten() {
    SchemaValidator validator =
        compile(
            """
            {"properties": {
              "max": {"oneOf": [{"type": "integer"}, {"type": "array"}]},
              "origin": {"anyOf": [{"type": "boolean"}, {"type": "string"}]}}}
            """);
    JsonNode instance = json("{\"max\": \"5\", \"origin\": \"true\"}");

    assertThat(validator.validate(ConfigPath.root(), instance)).isEmpty();
    assertThat(instance).isEqualTo(json("{\"max\": 5, \"origin\": \"true\"}"));
  }

  @Test
  void unknownPropertiesAreReportedAtTheirOwnPath() throws Exception {
    SchemaValidator validator =
        compile("{\"properties\": {\"a\": {}}, \"additionalProperties\": false}");
    ConfigDocument doc = YamlReader.read(FILE, "a: 1\nb: 2\n");

    assertThat(messages(validateRoot(validator, doc)))
        .containsExactly("gateway.config.yml:2:1 b: property 'b' is not allowed here");
  }

  @Test
  void otherKeywordsSayWhatWasExpected() {
    SchemaValidator validator =
        compile(
            """
            {"properties": {
              "n": {"minimum": 1}, "s": {"minLength": 3}, "p": {"pattern": "^/"},
              "l": {"uniqueItems": true, "maxItems": 1}, "c": {"const": "x"}}}
            """);
    JsonNode instance =
        json("{\"n\": 0, \"s\": \"ab\", \"p\": \"x\", \"l\": [1, 1], \"c\": \"y\"}");

    assertThat(messages(validator.validate(ConfigPath.root(), instance)))
        .containsExactlyInAnyOrder(
            "n: must be >= 1, got integer 0",
            "s: must be at least 3 characters long",
            "p: must match the pattern ^/",
            "l: must not contain the same item twice",
            "l: must have at most 1 items",
            "c: must be \"x\", got string \"y\"");
  }

  @Test
  void uriFormatIsAjvsLenientOne() {
    SchemaValidator validator = compile("{\"properties\": {\"url\": {\"format\": \"uri\"}}}");

    assertThat(validator.validate(ConfigPath.root(), json("{\"url\": \"http://backend:80/{id}\"}")))
        .isEmpty();
    assertThat(messages(validator.validate(ConfigPath.root(), json("{\"url\": \"not a uri\"}"))))
        .containsExactly("url: must be a valid uri");
  }

  @Test
  void understandsDraft2020Schemas() {
    SchemaValidator validator =
        compile(
            """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "$defs": {"port": {"type": "integer", "default": 80}},
             "properties": {
               "listener": {"type": "object", "default": {},
                            "properties": {"port": {"$ref": "#/$defs/port"}}},
               "pair": {"prefixItems": [{"type": "string"}, {"type": "integer", "default": 1}]}}}
            """);
    JsonNode instance = json("{\"listener\": {\"port\": \"8080\"}, \"pair\": [\"a\"]}");

    assertThat(validator.validate(ConfigPath.root(), instance)).isEmpty();
    assertThat(instance).isEqualTo(json("{\"listener\": {\"port\": 8080}, \"pair\": [\"a\", 1]}"));
  }

  @Test
  void anInvalidSchemaIsAnIllegalArgumentNamingIt() {
    JsonSchemas schemas = new JsonSchemas();

    assertThatThrownBy(() -> schemas.compile("policy jwt", json("{\"type\": \"strin\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid JSON schema 'policy jwt': type:");
    assertThatThrownBy(() -> schemas.compile("refs", json("{\"$ref\": \"#/definitions/nope\"}")))
        .hasMessageStartingWith("invalid JSON schema 'refs':");
    assertThatThrownBy(
            () -> schemas.compile("remote", json("{\"$ref\": \"http://example.com/x.json\"}")))
        .hasMessageContaining("'remote'")
        .hasMessageContaining("http://example.com/x.json");
    assertThatThrownBy(() -> schemas.compile("regex", json("{\"pattern\": \"((\"}")))
        .hasMessageStartingWith("invalid JSON schema 'regex':");
    assertThatThrownBy(
            () -> schemas.compile("dialect", json("{\"$schema\": \"http://example.com/mine\"}")))
        .hasMessageContaining("unknown $schema");
    assertThatThrownBy(() -> schemas.register(json("{\"type\": \"object\"}")))
        .hasMessageContaining("absolute $id");
  }

  @Test
  void aScalarGivenAsTheInstanceIsValidatedAsItIs() {
    SchemaValidator validator = compile("{\"type\": \"integer\"}");

    assertThat(messages(validator.validate(ConfigPath.parse("port"), json("\"8080\""))))
        .containsExactly("port: expected integer, got string \"8080\"");
  }

  @Test
  void oneValidatorServesManyThreads() {
    SchemaValidator validator =
        compile(
            """
            {"properties": {"port": {"type": "integer", "default": 80},
                            "host": {"type": "string"}}}
            """);

    List<List<ConfigError>> results =
        IntStream.range(0, 200)
            .parallel()
            .mapToObj(
                i ->
                    validator.validate(
                        ConfigPath.root(),
                        json(i % 2 == 0 ? "{\"host\": \"h\"}" : "{\"host\": " + i + "}")))
            .toList();

    assertThat(results).allSatisfy(errors -> assertThat(errors).isEmpty());
  }
}
