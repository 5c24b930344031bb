package dev.gatehouse.core.condition;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.core.testing.BackendGateway;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * The {@code json-schema} condition against a real backend (compat section 4, section 7 item 43):
 * true or false on the body's validity, local {@code $ref}s and references to another condition's
 * {@code $id}, nested in {@code not}, {@code allOf} and {@code oneOf}, in declared order, and the
 * body reaching the backend byte for byte.
 */
@ExtendWith(BlockedThreadGuard.class)
class JsonSchemaOnTheWireTest {

  private static final String CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        users: {paths: /users}
        orders: {paths: /orders}
        guarded: {paths: /guarded}
        ordered: {paths: /ordered}
        either: {paths: /either}
        small: {paths: /small}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
      policies: [test-mark, terminate, proxy]
      pipelines:
        users:
          apiEndpoints: [users]
          policies:
            - test-mark:
                condition:
                  name: json-schema
                  logErrors: true
                  schema:
                    $id: 'https://schemas.example.com/user.json'
                    type: object
                    required: [name, age]
                    properties:
                      name: {type: string, minLength: 2}
                      age: {type: integer, minimum: 18}
                      address: {$ref: '#/definitions/address'}
                    definitions:
                      address: {type: object, required: [city], properties: {city: {type: string}}}
                action: {mark: valid}
            - proxy: {action: {serviceEndpoint: backend}}
        orders:
          apiEndpoints: [orders]
          policies:
            - test-mark:
                condition:
                  name: allOf
                  conditions:
                    - {name: method, methods: [POST, PUT]}
                    - name: json-schema
                      schema:
                        type: object
                        required: [buyer, items]
                        properties:
                          buyer: {$ref: 'https://schemas.example.com/user.json'}
                          items: {type: array, minItems: 1}
                action: {mark: valid}
            - proxy: {action: {serviceEndpoint: backend}}
        guarded:
          apiEndpoints: [guarded]
          policies:
            - terminate:
                condition:
                  name: not
                  condition: {name: json-schema, schema: {type: object, required: [id]}}
                action: {statusCode: 422, message: The body needs an id.}
            - proxy: {action: {serviceEndpoint: backend}}
        ordered:
          apiEndpoints: [ordered]
          policies:
            - terminate:
                condition: {name: json-schema, schema: {type: object, required: [id]}}
                action: {statusCode: 202, message: first}
            - terminate:
                action: {statusCode: 203, message: second}
        either:
          apiEndpoints: [either]
          policies:
            - test-mark:
                condition:
                  name: oneOf
                  conditions:
                    - {name: json-schema, schema: {type: object, required: [email]}}
                    - {name: json-schema, schema: {type: object, required: [phone]}}
                action: {mark: valid}
            - proxy: {action: {serviceEndpoint: backend}}
        small:
          apiEndpoints: [small]
          policies:
            - test-mark:
                condition: {name: json-schema, maxBodyBytes: 16, schema: {type: object}}
                action: {mark: valid}
            - proxy: {action: {serviceEndpoint: backend}}
      """;

  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";

  @RegisterExtension static final BackendGateway gateway = new BackendGateway(CONFIG);

  private static final Logger CONDITION_LOGGER =
      (Logger) LoggerFactory.getLogger("gatehouse.policy.json-schema");
  private static final ListAppender<ILoggingEvent> conditionLog = new ListAppender<>();

  @BeforeAll
  static void captureConditionLog() {
    // Other tests of this JVM may have left the root logger at warn.
    CONDITION_LOGGER.setLevel(Level.INFO);
    conditionLog.start();
    CONDITION_LOGGER.addAppender(conditionLog);
  }

  @AfterAll
  static void releaseConditionLog() {
    CONDITION_LOGGER.detachAppender(conditionLog);
    CONDITION_LOGGER.setLevel(null);
  }

  private static Reply send(HttpMethod method, String uri, String contentType, String body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (contentType != null) {
      headers.set("content-type", contentType);
    }
    Buffer payload = body == null ? null : Buffer.buffer(body, "UTF-8");
    return gateway.send(method, uri, headers, payload);
  }

  private static Reply post(String uri, String contentType, String body) {
    return send(HttpMethod.POST, uri, contentType, body);
  }

  @ParameterizedTest(name = "{0} {1} {2} -> holds: {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "POST | /users  | application/json                  | {\"name\":\"Ada\",\"age\":36}                   | true",
        "POST | /users  | application/json; charset=utf-8   | {\"name\":\"Ada\",\"age\":36,\"address\":{\"city\":\"Paris\"}} | true",
        "POST | /users  | application/json                  | {\"name\":\"A\",\"age\":36}                     | false",
        "POST | /users  | application/json                  | {\"name\":\"Ada\",\"age\":12}                   | false",
        "POST | /users  | application/json                  | {\"name\":\"Ada\",\"age\":36,\"address\":{}}    | false",
        "POST | /users  | application/json                  | {\"name\":\"Ada\",                             | false",
        "POST | /users  | application/json                  | '   '                                          | false",
        "POST | /users  | application/vnd.api+json          | {\"name\":\"Ada\",\"age\":36}                   | true",
        // forms are read as EG's body parser reads them; strings coerce as ajv's coerceTypes did
        "POST | /users  | application/x-www-form-urlencoded | name=Ada&age=36                                | true",
        "POST | /users  | application/x-www-form-urlencoded | name=Ada&age=young                             | false",
        // a body that is neither JSON nor a form never holds
        "POST | /users  | text/plain                        | {\"name\":\"Ada\",\"age\":36}                   | false",
        "GET  | /users  |                                   |                                                | false",
        // a schema may refer to another condition's schema by its $id
        "POST | /orders | application/json                  | {\"buyer\":{\"name\":\"Ada\",\"age\":36},\"items\":[1]} | true",
        "POST | /orders | application/json                  | {\"buyer\":{\"name\":\"Ada\"},\"items\":[1]}   | false",
        "GET  | /orders | application/json                  | {\"buyer\":{\"name\":\"Ada\",\"age\":36},\"items\":[1]} | false",
        // two json-schema conditions in oneOf share one reading of the body
        "POST | /either | application/json                  | {\"phone\":\"555\"}                             | true",
        "POST | /either | application/json                  | {\"email\":\"a@b.c\"}                           | true",
        "POST | /either | application/json                  | {\"fax\":\"555\"}                               | false",
      })
  void theConditionHoldsWhenTheBodySatisfiesTheSchema(
      String method, String uri, String contentType, String body, boolean holds) {
    Reply reply = send(HttpMethod.valueOf(method), uri, contentType, body);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat("valid".equals(reply.header("x-marks"))).isEqualTo(holds);
  }

  @Test
  void theBodyReachesTheBackendByteForByte() {
    String body = "{ \"name\" : \"Zoë\",\n  \"age\": 36 ,\"extra\": [1.50, true, null] }\n";

    Reply reply = post("/users", JSON, body);

    JsonObject upstream = reply.json();
    assertThat(reply.header("x-marks")).isEqualTo("valid");
    assertThat(upstream.getString("body")).isEqualTo(body);
    assertThat(upstream.getJsonObject("headers").getString("content-length"))
        .isEqualTo(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
  }

  @Test
  void aFormBodyReachesTheBackendUnchanged() {
    Reply reply = post("/users", FORM, "name=Ada+L&age=36&tags[]=x");

    assertThat(reply.json().getString("body")).isEqualTo("name=Ada+L&age=36&tags[]=x");
  }

  @Test
  void nestedInNotItGuardsTheProxy() {
    Reply refused = post("/guarded", JSON, "{\"name\":\"no id\"}");
    Reply passed = post("/guarded", JSON, "{\"id\":7}");

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().getString("detail")).isEqualTo("The body needs an id.");
    assertThat(passed.status()).isEqualTo(200);
    assertThat(passed.json().getString("body")).isEqualTo("{\"id\":7}");
  }

  @Test
  void aGatedStepRunsInItsDeclaredPlaceBeforeTheStepsAfterIt() {
    Reply valid = post("/ordered", JSON, "{\"id\":1}");
    Reply invalid = post("/ordered", JSON, "{}");

    assertThat(valid.status()).isEqualTo(202);
    assertThat(valid.text()).isEqualTo("first");
    assertThat(invalid.status()).isEqualTo(203);
    assertThat(invalid.text()).isEqualTo("second");
  }

  @Test
  void aBodyLargerThanTheLimitIsAnswered413() {
    Reply small = post("/small", JSON, "{\"a\":1}");
    Reply large = post("/small", JSON, "{\"a\":\"" + "x".repeat(64) + "\"}");

    assertThat(small.header("x-marks")).isEqualTo("valid");
    assertThat(large.status()).isEqualTo(413);
    assertThat(large.header("content-type")).isEqualTo("application/problem+json");
  }

  @Test
  void logErrorsLogsWhyTheBodyFailedWithTheRequestIdButNoValue() {
    conditionLog.list.clear();

    post("/users", JSON, "{\"name\":\"Ada\",\"age\":\"secret-value\"}");

    assertThat(conditionLog.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel().toString()).isEqualTo("INFO");
              assertThat(event.getFormattedMessage())
                  .matches("json_schema_invalid request_id=\\S+ pipeline=users errors=.*")
                  .contains("body/age: string found, integer expected")
                  .doesNotContain("secret-value");
            });
  }

  @Test
  void conditionsWithoutLogErrorsLogNothing() {
    conditionLog.list.clear();

    post("/either", JSON, "{\"fax\":\"555\"}");

    assertThat(conditionLog.list).isEmpty();
  }
}
