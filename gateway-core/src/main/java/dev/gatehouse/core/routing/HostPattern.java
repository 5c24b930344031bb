package dev.gatehouse.core.routing;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which Host header an API endpoint answers, with the semantics of the {@code vhost} module EG
 * mounts: EG {@code host} is a name in which {@code *} matches exactly one DNS label ({@code
 * *.acme.com} matches {@code abc.acme.com}, not {@code acme.com} nor {@code x.abc.acme.com}); EG
 * {@code hostRegex} is a regular expression, anchored at both ends unless it anchors itself; both
 * ignore case. A request without a Host header matches only {@link #any()}.
 *
 * <pre>{@code
 * HostPattern.glob("*.acme.com").matches("abc.acme.com");          // true
 * HostPattern.regex("[a-z]{3}.parrots.com").matches("abc.parrots.com"); // true
 * HostPattern.any().matches(null);                                 // true
 * }</pre>
 *
 * <p>Immutable and safe to share between event loops. Host names and globs are compared label by
 * label; only {@code hostRegex} runs a regular expression.
 */
public final class HostPattern {

  private static final HostPattern ANY = new HostPattern("*", null, null);

  private final String key;
  private final HostGlob glob;
  private final Pattern regex;

  private HostPattern(String key, HostGlob glob, Pattern regex) {
    this.key = key;
    this.glob = glob;
    this.regex = regex;
  }

  /** Any host, and requests without a Host header (EG {@code host: '*'} or no host). */
  public static HostPattern any() {
    return ANY;
  }

  /**
   * An EG {@code host}: a name, ignoring case, in which each {@code *} matches one or more
   * characters within one label; every other character is literal. {@code "*"} and {@code ""} mean
   * {@link #any()}.
   */
  public static HostPattern glob(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty() || host.equals("*")) {
      return ANY;
    }
    return new HostPattern(host, new HostGlob(host), null);
  }

  /**
   * An EG {@code hostRegex}, ignoring case. As {@code vhost} does, a {@code ^} is put in front
   * unless it starts with one, and a {@code $} after unless it ends with one.
   *
   * @throws IllegalArgumentException when it is empty or not a valid regular expression
   */
  public static HostPattern regex(String hostRegex) {
    Objects.requireNonNull(hostRegex, "hostRegex");
    if (hostRegex.isEmpty()) {
      throw new IllegalArgumentException("hostRegex is empty; leave it out to match by host");
    }
    String anchored =
        (hostRegex.startsWith("^") ? "" : "^") + hostRegex + (hostRegex.endsWith("$") ? "" : "$");
    try {
      return new HostPattern(
          "~" + hostRegex, null, Pattern.compile(anchored, Pattern.CASE_INSENSITIVE));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "hostRegex '" + hostRegex + "' is not a valid regular expression: " + e.getDescription(),
          e);
    }
  }

  /**
   * Whether a request for {@code host} matches.
   *
   * @param host the Host header's name, lower-cased and without its port; null when the request has
   *     no Host header
   */
  public boolean matches(String host) {
    if (this == ANY) {
      return true;
    }
    if (host == null) {
      return false;
    }
    return glob != null ? glob.matches(host) : regex.matcher(host).find();
  }

  /** Whether this is {@link #any()}. */
  public boolean isAny() {
    return this == ANY;
  }

  /**
   * The name EG groups endpoints by: the configured {@code host}, {@code "~"} and the {@code
   * hostRegex}, or {@code "*"} for any host.
   */
  public String key() {
    return key;
  }

  @Override
  public String toString() {
    return key;
  }
}
