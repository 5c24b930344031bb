package dev.gatehouse.api.oauth2;

import java.util.Objects;

/**
 * A token just issued: the value to hand to the client, once, and what the store keeps of it.
 *
 * <pre>{@code
 * store.issueAccessToken(grant).map(issued -> new JsonObject().put("access_token", issued.value()));
 * }</pre>
 */
public final class IssuedToken {

  private final String value;
  private final StoredToken token;

  public IssuedToken(String value, StoredToken token) {
    this.value = Objects.requireNonNull(value, "value");
    this.token = Objects.requireNonNull(token, "token");
  }

  /** The token as the client presents it: {@code <id>|<secret>}. */
  public String value() {
    return value;
  }

  public StoredToken token() {
    return token;
  }

  /** Keeps the secret out of logs. */
  @Override
  public String toString() {
    return "IssuedToken[" + token + "]";
  }
}
