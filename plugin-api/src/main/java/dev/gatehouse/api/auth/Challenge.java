package dev.gatehouse.api.auth;

import java.util.Objects;

/**
 * A {@code WWW-Authenticate} challenge (RFC 9110 section 11.6.1): a scheme and its parameters,
 * quoted as the grammar requires. Build one per policy when the configuration compiles; it is
 * immutable.
 *
 * <pre>{@code
 * Challenge basic = Challenge.of("Basic").param("realm", "gatehouse").param("charset", "UTF-8");
 * basic.toString();  // Basic realm="gatehouse", charset="UTF-8"
 * Challenge.bearer("gatehouse").param("error", "invalid_token");
 * }</pre>
 */
public final class Challenge {

  /** The realm Gatehouse's authentication policies announce. */
  public static final String REALM = "gatehouse";

  private final String value;

  private Challenge(String value) {
    this.value = value;
  }

  /** A challenge of {@code scheme} without parameters; the scheme must be an HTTP token. */
  public static Challenge of(String scheme) {
    Objects.requireNonNull(scheme, "scheme");
    if (scheme.isEmpty() || !isToken(scheme)) {
      throw new IllegalArgumentException("not an authentication scheme: " + scheme);
    }
    return new Challenge(scheme);
  }

  /** {@code Bearer realm="<realm>"} (RFC 6750). */
  public static Challenge bearer(String realm) {
    return of("Bearer").param("realm", realm);
  }

  /**
   * The same challenge with one more parameter; the value is sent as a quoted string. Control
   * characters are refused: a header value cannot carry them.
   */
  public Challenge param(String name, String value) {
    if (!isToken(name)) {
      throw new IllegalArgumentException("not a parameter name: " + name);
    }
    StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw new IllegalArgumentException("a control character in challenge parameter " + name);
      }
      if (c == '"' || c == '\\') {
        quoted.append('\\');
      }
      quoted.append(c);
    }
    quoted.append('"');
    String separator = this.value.indexOf(' ') < 0 ? " " : ", ";
    return new Challenge(this.value + separator + name + "=" + quoted);
  }

  private static boolean isToken(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
      if (!ok) {
        return false;
      }
    }
    return !text.isEmpty();
  }

  /** The header value. */
  @Override
  public String toString() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Challenge c && c.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
