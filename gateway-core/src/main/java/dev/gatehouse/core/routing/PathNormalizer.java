package dev.gatehouse.core.routing;

import java.util.Objects;

/**
 * Puts a request path into the one form that routing, conditions and the proxy all see, so that two
 * spellings of the same resource cannot be routed differently.
 *
 * <ul>
 *   <li>The path must start with {@code /}; raw control characters (below U+0020, and U+007F) and
 *       broken percent-encodings ({@code %G1}, a trailing {@code %2}) are rejected with {@link
 *       MalformedPathException}.
 *   <li>A percent-encoded unreserved character (RFC 3986: {@code A-Z a-z 0-9 - . _ ~}) is decoded
 *       ({@code %61} becomes {@code a}); every other percent-encoding stays, with upper-case hex
 *       digits ({@code %2f} becomes {@code %2F}). {@code %2F} therefore never becomes a separator.
 *   <li>Repeated slashes collapse to one, then dot segments are removed as RFC 3986 section 5.2.4
 *       does ({@code /a/%2e%2e/b} becomes {@code /b}, {@code /a/..} becomes {@code /}); a trailing
 *       slash is kept.
 * </ul>
 *
 * <p>A path already in normal form is returned as the same instance after one scan that allocates
 * nothing, which is the common case on the request path.
 *
 * <pre>{@code
 * PathNormalizer.normalize("/api/%7Euser//./docs%2fx/"); // "/api/~user/docs%2Fx/"
 * }</pre>
 */
public final class PathNormalizer {

  private PathNormalizer() {}

  /**
   * The normal form of {@code rawPath} (the path of the request target, without its query).
   *
   * @throws MalformedPathException when the path cannot be routed
   */
  public static String normalize(String rawPath) {
    Objects.requireNonNull(rawPath, "rawPath");
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      throw new MalformedPathException("the path must start with '/'");
    }
    return isNormal(rawPath) ? rawPath : removeDotSegments(decodeUnreserved(rawPath));
  }

  /** Whether the path needs no change; rejects what it reads that is malformed. */
  private static boolean isNormal(String path) {
    int length = path.length();
    for (int i = 0; i < length; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        if (isUnreserved(escapedOctet(path, i))
            || !isUpperHex(path.charAt(i + 1))
            || !isUpperHex(path.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (c == '/') {
        if (startsRedundantSegment(path, i + 1)) {
          return false;
        }
      } else {
        rejectControl(c, i);
      }
    }
    return true;
  }

  /** Whether the segment starting at {@code from} is empty (a repeated slash), "." or "..". */
  private static boolean startsRedundantSegment(String path, int from) {
    int length = path.length();
    if (from == length) {
      return false;
    }
    int end = path.indexOf('/', from);
    int segmentLength = (end < 0 ? length : end) - from;
    return segmentLength == 0 || isDotSegment(path, from, segmentLength);
  }

  private static boolean isDotSegment(String path, int from, int segmentLength) {
    return (segmentLength == 1 && path.charAt(from) == '.')
        || (segmentLength == 2 && path.charAt(from) == '.' && path.charAt(from + 1) == '.');
  }

  /** Decodes escaped unreserved characters and upper-cases the hex digits of the other escapes. */
  private static String decodeUnreserved(String path) {
    int length = path.length();
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        int octet = escapedOctet(path, i);
        if (isUnreserved(octet)) {
          out.append((char) octet);
        } else {
          out.append('%').append(upperHex(path.charAt(i + 1))).append(upperHex(path.charAt(i + 2)));
        }
        i += 2;
      } else {
        rejectControl(c, i);
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Collapses empty segments and resolves "." and ".." (RFC 3986 section 5.2.4); ".." never climbs
   * above the root. The result ends with a slash when the input did or its last segment was a dot
   * segment.
   */
  private static String removeDotSegments(String path) {
    int length = path.length();
    StringBuilder out = new StringBuilder(length);
    int[] segmentStarts = new int[length];
    int depth = 0;
    boolean trailingSlash = false;
    for (int from = 1; ; ) {
      int end = path.indexOf('/', from);
      boolean last = end < 0;
      if (last) {
        end = length;
      }
      int segmentLength = end - from;
      if (segmentLength == 0) {
        trailingSlash |= last;
      } else if (isDotSegment(path, from, segmentLength)) {
        if (segmentLength == 2 && depth > 0) {
          out.setLength(segmentStarts[--depth]);
        }
        trailingSlash = true;
      } else {
        segmentStarts[depth++] = out.length();
        out.append('/').append(path, from, end);
        trailingSlash = false;
      }
      if (last) {
        break;
      }
      from = end + 1;
    }
    if (out.length() == 0 || trailingSlash) {
      out.append('/');
    }
    return out.toString();
  }

  /** The octet encoded by the escape at {@code index}; rejects a broken escape. */
  private static int escapedOctet(String path, int index) {
    if (index + 2 < path.length()) {
      int high = Character.digit(path.charAt(index + 1), 16);
      int low = Character.digit(path.charAt(index + 2), 16);
      if (high >= 0 && low >= 0 && isAsciiHex(path, index)) {
        return high << 4 | low;
      }
    }
    throw new MalformedPathException("invalid percent-encoding at index " + index);
  }

  /** Character.digit accepts non-ASCII digits too; an escape must use ASCII hex digits. */
  private static boolean isAsciiHex(String path, int index) {
    return path.charAt(index + 1) < 0x80 && path.charAt(index + 2) < 0x80;
  }

  private static void rejectControl(char c, int index) {
    if (c < 0x20 || c == 0x7F) {
      throw new MalformedPathException("control character at index " + index);
    }
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static boolean isUpperHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }

  private static char upperHex(char c) {
    return c >= 'a' && c <= 'f' ? (char) (c - ('a' - 'A')) : c;
  }
}
