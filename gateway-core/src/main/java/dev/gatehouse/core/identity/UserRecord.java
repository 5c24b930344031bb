package dev.gatehouse.core.identity;

import io.vertx.core.json.JsonObject;

/**
 * A stored user.
 *
 * @param id a UUID
 * @param username unique, immutable
 * @param active whether the user may authenticate
 * @param createdAt EG's date text ({@code Sat Nov 28 2026 15:35:14 GMT+0000 (Coordinated Universal
 *     Time)})
 * @param updatedAt as createdAt
 * @param properties the model properties (username, firstname, lastname, email, redirectUri and
 *     custom ones), without system fields
 */
public record UserRecord(
    String id,
    String username,
    boolean active,
    String createdAt,
    String updatedAt,
    JsonObject properties) {}
