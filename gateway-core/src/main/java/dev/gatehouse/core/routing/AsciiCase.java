package dev.gatehouse.core.routing;

/**
 * ASCII case folding for paths and host names. Routing compares only ASCII letters without regard
 * to case: request paths and host names reach the gateway as ASCII (anything else is
 * percent-encoded or punycode), and a per-character ASCII fold needs no tables and no allocation.
 */
final class AsciiCase {

  private AsciiCase() {}

  /** {@code c} lower-cased if it is an ASCII capital letter, else {@code c}. */
  static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** {@code s} with its ASCII capital letters lower-cased. */
  static String lower(String s) {
    return lower(s, 0, s.length());
  }

  /** The characters of {@code s} from {@code from} to {@code to}, ASCII capitals lower-cased. */
  static String lower(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (lower(s.charAt(i)) != s.charAt(i)) {
        char[] chars = new char[to - from];
        for (int j = from; j < to; j++) {
          chars[j - from] = lower(s.charAt(j));
        }
        return new String(chars);
      }
    }
    return s.substring(from, to);
  }

  /**
   * Whether {@code s} holds {@code lowerText} at {@code offset}, ignoring ASCII case; {@code
   * lowerText} must already be lower-cased.
   */
  static boolean regionMatches(String s, int offset, String lowerText) {
    int length = lowerText.length();
    if (offset + length > s.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (lower(s.charAt(offset + i)) != lowerText.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
