package dev.gatehouse.core.identity;

/**
 * The names of identity changes that caches act on: what a manager write tells the cache of its own
 * gateway, and what {@link IdentityStore#onRemoteChange} reports from the others (a shared store
 * publishes these same texts).
 *
 * <pre>{@code
 * listener.accept(IdentityChanges.credential("key-auth", keyId));  // "credential:key-auth:<keyId>"
 * }</pre>
 */
public final class IdentityChanges {

  /** Everything may have changed. */
  public static final String ALL = "*";

  /** Some credentials changed (a cascade, a scope removed from all of them). */
  public static final String CREDENTIALS = "credentials";

  /** The set of scopes changed. */
  public static final String SCOPES = "scopes";

  static final String USER = "user:";
  static final String USERNAME = "username:";
  static final String APP = "app:";
  static final String CREDENTIAL = "credential:";
  static final String SCOPE = "scope:";

  private IdentityChanges() {}

  /** A user's fields or state, by id. */
  public static String user(String id) {
    return USER + id;
  }

  /** Which user (if any) a username names. */
  public static String username(String username) {
    return USERNAME + username;
  }

  /** An application's fields or state, by id. */
  public static String app(String id) {
    return APP + id;
  }

  /** A scope, created or deleted (a deletion changes the credentials that had it). */
  public static String scope(String scope) {
    return SCOPE + scope;
  }

  /** One credential, by type and key id or consumer id. */
  public static String credential(String type, String id) {
    return CREDENTIAL + type + ":" + id;
  }
}
