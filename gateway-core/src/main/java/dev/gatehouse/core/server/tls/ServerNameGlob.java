package dev.gatehouse.core.server.tls;

import java.util.Locale;

/**
 * A key of {@code https.tls} other than {@code default}: a glob on the server name a client asks
 * for (SNI), as Express Gateway matches it with minimatch. {@code *} stands for any run of
 * characters, dots included (a server name has no {@code /}), {@code ?} for one character, anything
 * else for itself, ignoring ASCII case as DNS does. Minimatch's rarer syntax ({@code [a-z]}, {@code
 * {a,b}}, a leading {@code !}) is refused when the configuration loads, never read differently.
 *
 * <pre>{@code
 * ServerNameGlob.compile("*.demo.io").matches("api.demo.io"); // true
 * }</pre>
 */
final class ServerNameGlob {

  private static final String UNSUPPORTED = "[]{}!\\";

  private final String glob;

  private ServerNameGlob(String glob) {
    this.glob = glob;
  }

  /**
   * @throws IllegalArgumentException for syntax this matcher does not support, saying which
   */
  static ServerNameGlob compile(String glob) {
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (UNSUPPORTED.indexOf(c) >= 0) {
        throw new IllegalArgumentException(
            "'"
                + c
                + "' is not supported in a server name glob; use '*' and '?', or one key per"
                + " name");
      }
    }
    return new ServerNameGlob(glob.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code serverName} (lower-case, as {@link ServerCertificates} passes it) matches. */
  boolean matches(String serverName) {
    int g = 0;
    int n = 0;
    int star = -1;
    int resume = 0;
    while (n < serverName.length()) {
      char c = g < glob.length() ? glob.charAt(g) : 0;
      if (c == '*') {
        star = g++;
        resume = n;
      } else if (g < glob.length() && (c == '?' || c == serverName.charAt(n))) {
        g++;
        n++;
      } else if (star >= 0) {
        // Let the last star swallow one more character and retry from there.
        g = star + 1;
        n = ++resume;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }

  @Override
  public String toString() {
    return glob;
  }
}
