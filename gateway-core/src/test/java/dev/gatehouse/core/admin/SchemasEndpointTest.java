package dev.gatehouse.core.admin;

import static dev.gatehouse.core.admin.AdminAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /schemas} (compat 2.4 and section 7 item 28). */
@ExtendWith(BlockedThreadGuard.class)
class SchemasEndpointTest {

  @RegisterExtension static final AdminFixture admin = new AdminFixture(new FakeIdentityManager());

  private static String encoded(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private static List<String> names(JsonArray items, String type) {
    return items.stream()
        .map(JsonObject.class::cast)
        .filter(i -> i.getString("type").equals(type))
        .map(i -> i.getString("name"))
        .toList();
  }

  @Test
  void everyCorePolicyAndConditionSchemaIsListedWithItsTypeAndId() {
    JsonArray all = admin.client().get("/schemas").body().toJsonArray();

    assertThat(names(all, "config")).containsExactly("gateway.config", "system.config");
    assertThat(names(all, "policy")).contains("proxy", "terminate", "test-echo").isSorted();
    assertThat(names(all, "condition")).contains("always", "pathExact", "allOf").isSorted();
    for (Object item : all) {
      JsonObject schema = ((JsonObject) item).getJsonObject("schema");
      assertThat(((JsonObject) item).getString("type"))
          .isIn("config", "policy", "condition", "plugin");
      assertThat(schema.getString("$id")).startsWith("https://");
    }
  }

  @Test
  void aTypeListsOnlyThatType() {
    JsonArray policies = admin.client().get("/schemas/policy").body().toJsonArray();

    assertThat(names(policies, "policy")).hasSize(policies.size()).contains("terminate");
  }

  @Test
  void aPolicySchemaIsFoundByExpressGatewaysIdAndByItsOwn() {
    Reply byEgId =
        admin
            .client()
            .get(
                "/schemas/" + encoded("http://express-gateway.io/schemas/policies/terminate.json"));

    assertThat(byEgId.status()).isEqualTo(200);
    assertThat(byEgId.json().getString("type")).isEqualTo("policy");
    assertThat(byEgId.json().getString("name")).isEqualTo("terminate");
    JsonObject schema = byEgId.json().getJsonObject("schema");
    assertThat(schema.getJsonObject("properties").fieldNames()).contains("statusCode", "message");
    assertThat(admin.client().get("/schemas/" + encoded(schema.getString("$id"))).json())
        .isEqualTo(byEgId.json());
  }

  @Test
  void anUnknownIdIs404() {
    Reply reply = admin.client().get("/schemas/" + encoded("http://example.com/none.json"));

    assertProblem(reply, 404, "resource.not_found");
  }
}
