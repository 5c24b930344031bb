package dev.gatehouse.core.identity.redis;

import dev.gatehouse.core.identity.AppRecord;
import dev.gatehouse.core.identity.CredentialRecord;
import dev.gatehouse.core.identity.UserRecord;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Records to and from the hashes Express Gateway 1.16 writes: every field a string, {@code
 * isActive} {@code 'true'}/{@code 'false'}, a credential's {@code scopes} a JSON array, its secret
 * in EG's field ({@code password}, {@code secret} or {@code keySecret}).
 *
 * <p>EG turned every property into text. So that a property that is not a string (a boolean, a
 * number, an object) reads back as what was written, its JSON text is stored and its name listed in
 * the field {@value #TYPED}; hashes EG wrote have no such field and read as text.
 */
final class EgRecords {

  /** The fields holding JSON rather than text, as a JSON array of field names. */
  static final String TYPED = "gatehouse:json";

  private static final Set<String> USER_SYSTEM =
      Set.of("id", "isActive", "createdAt", "updatedAt", TYPED, "password");
  private static final Set<String> APP_SYSTEM =
      Set.of("id", "userId", "isActive", "createdAt", "updatedAt", TYPED);
  private static final Set<String> CREDENTIAL_SYSTEM =
      Set.of(
          "id",
          "type",
          "keyId",
          "consumerId",
          "isActive",
          "createdAt",
          "updatedAt",
          "scopes",
          "password",
          "secret",
          "keySecret",
          TYPED);

  /** The credential types of EG's model, in the order listings give them. */
  static final List<String> TYPES = List.of("basic-auth", "key-auth", "oauth2", "jwt");

  private EgRecords() {}

  /**
   * Loads the JSON codec: its first use costs class loading that must not happen on an event loop.
   */
  static void warmUp() {
    fields(
        new CredentialRecord(
            "key-auth",
            "warm-up",
            "warm-up",
            true,
            Set.of("a"),
            null,
            null,
            null,
            new JsonObject().put("n", 1)));
    properties(Map.of(TYPED, "[\"n\"]", "n", "{\"a\":[1]}"), Set.of());
  }

  /** Key-auth and jwt credentials are keyed by key id, the others by their consumer. */
  static boolean keyed(String type) {
    return type.equals("key-auth") || type.equals("jwt");
  }

  /** EG's field for the secret of a credential type. */
  static String secretField(String type) {
    return switch (type) {
      case "basic-auth" -> "password";
      case "oauth2" -> "secret";
      default -> "keySecret";
    };
  }

  static Map<String, String> fields(UserRecord user) {
    Map<String, String> fields = properties(user.properties(), USER_SYSTEM);
    fields.put("id", user.id());
    fields.put("username", user.username());
    return withStatus(fields, user.active(), user.createdAt(), user.updatedAt());
  }

  static Optional<UserRecord> user(String id, Map<String, String> fields) {
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    String username = fields.getOrDefault("username", "");
    return Optional.of(
        new UserRecord(
            id,
            username,
            active(fields),
            fields.get("createdAt"),
            fields.get("updatedAt"),
            properties(fields, USER_SYSTEM).put("username", username)));
  }

  static Map<String, String> fields(AppRecord app) {
    Map<String, String> fields = properties(app.properties(), APP_SYSTEM);
    fields.put("id", app.id());
    fields.put("name", app.name());
    fields.put("userId", app.userId());
    return withStatus(fields, app.active(), app.createdAt(), app.updatedAt());
  }

  static Optional<AppRecord> app(String id, Map<String, String> fields) {
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    String name = fields.getOrDefault("name", "");
    return Optional.of(
        new AppRecord(
            id,
            name,
            fields.getOrDefault("userId", ""),
            active(fields),
            fields.get("createdAt"),
            fields.get("updatedAt"),
            properties(fields, APP_SYSTEM).put("name", name)));
  }

  static Map<String, String> fields(CredentialRecord credential) {
    Map<String, String> fields =
        withStatus(
            properties(credential.properties(), CREDENTIAL_SYSTEM),
            credential.active(),
            credential.createdAt(),
            credential.updatedAt());
    fields.put("scopes", new JsonArray(List.copyOf(credential.scopes())).encode());
    putIfPresent(fields, secretField(credential.type()), credential.secret());
    if (keyed(credential.type())) {
      fields.put("keyId", credential.id());
      fields.put("id", credential.id());
      fields.put("consumerId", credential.consumerId());
    }
    return fields;
  }

  static Optional<CredentialRecord> credential(String type, String id, Map<String, String> fields) {
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    String consumerId = keyed(type) ? fields.getOrDefault("consumerId", "") : id;
    return Optional.of(
        new CredentialRecord(
            type,
            id,
            consumerId,
            active(fields),
            scopes(fields.get("scopes")),
            fields.get(secretField(type)),
            fields.get("createdAt"),
            fields.get("updatedAt"),
            properties(fields, CREDENTIAL_SYSTEM)));
  }

  /**
   * A credential's scopes: EG wrote {@code JSON.stringify(array)}, {@code "null"} when there were
   * none, or nothing.
   */
  static Set<String> scopes(String json) {
    Set<String> scopes = new LinkedHashSet<>();
    if (json == null || json.isBlank() || json.equals("null")) {
      return scopes;
    }
    try {
      Object parsed = Json.decodeValue(json);
      if (parsed instanceof JsonArray array) {
        array.forEach(scope -> scopes.add(String.valueOf(scope)));
      } else {
        scopes.add(String.valueOf(parsed));
      }
    } catch (DecodeException e) {
      scopes.add(json);
    }
    return scopes;
  }

  static String scopesJson(Set<String> scopes) {
    return new JsonArray(List.copyOf(scopes)).encode();
  }

  private static boolean active(Map<String, String> fields) {
    return "true".equals(fields.get("isActive"));
  }

  /** Adds the fields every record has: {@code isActive} and, when known, its dates. */
  private static Map<String, String> withStatus(
      Map<String, String> fields, boolean active, String createdAt, String updatedAt) {
    fields.put("isActive", String.valueOf(active));
    putIfPresent(fields, "createdAt", createdAt);
    putIfPresent(fields, "updatedAt", updatedAt);
    return fields;
  }

  private static void putIfPresent(Map<String, String> fields, String field, String value) {
    if (value != null) {
      fields.put(field, value);
    }
  }

  private static Map<String, String> properties(JsonObject properties, Set<String> system) {
    Map<String, String> fields = new LinkedHashMap<>();
    JsonArray typed = new JsonArray();
    if (properties != null) {
      for (Map.Entry<String, Object> property : properties) {
        Object value = property.getValue();
        if (value == null || system.contains(property.getKey())) {
          continue;
        }
        if (value instanceof String text) {
          fields.put(property.getKey(), text);
        } else {
          fields.put(property.getKey(), Json.encode(value));
          typed.add(property.getKey());
        }
      }
    }
    if (!typed.isEmpty()) {
      fields.put(TYPED, typed.encode());
    }
    return fields;
  }

  private static JsonObject properties(Map<String, String> fields, Set<String> system) {
    Set<String> typed = typed(fields.get(TYPED));
    JsonObject properties = new JsonObject();
    fields.forEach(
        (field, value) -> {
          if (system.contains(field) || value == null) {
            return;
          }
          properties.put(field, typed.contains(field) ? decoded(value) : value);
        });
    return properties;
  }

  private static Set<String> typed(String json) {
    Set<String> typed = new LinkedHashSet<>();
    if (json != null) {
      try {
        new JsonArray(json).forEach(field -> typed.add(String.valueOf(field)));
      } catch (DecodeException e) {
        // Not ours after all: every field reads as text.
      }
    }
    return typed;
  }

  private static Object decoded(String json) {
    try {
      return Json.decodeValue(json);
    } catch (DecodeException e) {
      return json;
    }
  }
}
