package dev.gatehouse.api;

/**
 * The version of this plugin API, fed to PF4J as the system version.
 *
 * <p>A plugin declares the API versions it was built for in its manifest, for example {@code
 * Plugin-Requires: >=1.0.0 & <2.0.0}. The gateway refuses to start with a plugin whose requirement
 * does not include {@link #CURRENT}. Within one major version the API only grows: new methods on
 * types that plugins implement come with default implementations, and new powers come as new opt-in
 * interfaces, so a plugin built against 1.0 loads under every 1.x.
 */
public final class ApiVersion {

  /** The API version of this build, in semantic-versioning form. */
  public static final String CURRENT = "1.0.0";

  /** The major version: a plugin built for another major version is refused. */
  public static final int MAJOR = 1;

  private ApiVersion() {}
}
