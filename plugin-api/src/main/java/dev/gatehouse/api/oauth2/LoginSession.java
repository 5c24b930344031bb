package dev.gatehouse.api.oauth2;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A browser's session with the authorization server: who logged in and the small state of the login
 * and consent forms (CSRF token, where to return, pending authorizations). Kept in the identity
 * store, so every gateway of a cluster sees it. The id is the cookie's secret value; the store
 * keeps only its hash.
 *
 * <pre>{@code
 * store.saveSession(session.withUser(userId).withAttribute("csrf", token));
 * }</pre>
 */
public final class LoginSession {

  private final String id;
  private final String userId;
  private final Map<String, String> attributes;
  private final Instant expiresAt;

  /**
   * @param id the session id, as sent in the cookie
   * @param userId the logged-in user, or null before login
   * @param attributes small texts the forms keep between requests
   * @param expiresAt when the session ends unless saved again
   */
  public LoginSession(String id, String userId, Map<String, String> attributes, Instant expiresAt) {
    this.id = Objects.requireNonNull(id, "id");
    this.userId = userId;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public String id() {
    return id;
  }

  /** The logged-in user's id, or null. */
  public String userId() {
    return userId;
  }

  public Map<String, String> attributes() {
    return attributes;
  }

  /** An attribute, or null. */
  public String attribute(String name) {
    return attributes.get(name);
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** The same session with this user logged in. */
  public LoginSession withUser(String userId) {
    return new LoginSession(id, userId, attributes, expiresAt);
  }

  /** The same session with an attribute set ({@code value} non-null) or removed. */
  public LoginSession withAttribute(String name, String value) {
    Map<String, String> changed = new LinkedHashMap<>(attributes);
    if (value == null) {
      changed.remove(name);
    } else {
      changed.put(name, value);
    }
    return new LoginSession(id, userId, changed, expiresAt);
  }

  /** Keeps the session id, a bearer secret, out of logs. */
  @Override
  public String toString() {
    return "LoginSession[" + (userId == null ? "anonymous" : userId) + "]";
  }
}
