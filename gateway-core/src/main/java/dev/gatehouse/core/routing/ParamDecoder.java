package dev.gatehouse.core.routing;

/**
 * Decodes a captured path parameter as JavaScript's {@code decodeURIComponent} does, which is what
 * Express does to {@code req.params}: every escape is decoded, the octets must form UTF-8, and
 * {@code +} stays a plus. Where Express answers 400 "Failed to decode param", this throws {@link
 * MalformedPathException}.
 */
final class ParamDecoder {

  private ParamDecoder() {}

  /** The decoded value of {@code path} from {@code from} to {@code to}. */
  static String decode(String path, int from, int to) {
    int escape = path.indexOf('%', from);
    if (escape < 0 || escape >= to) {
      return path.substring(from, to);
    }
    StringBuilder out = new StringBuilder(to - from).append(path, from, escape);
    int i = escape;
    while (i < to) {
      char c = path.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      int lead = octet(path, i, to);
      i += 3;
      int continuations = continuationCount(lead, i);
      int codePoint = continuations == 0 ? lead : lead & (0x3F >> continuations);
      for (int k = 0; k < continuations; k++, i += 3) {
        if (i >= to || path.charAt(i) != '%') {
          throw invalid(i);
        }
        int next = octet(path, i, to);
        if ((next & 0xC0) != 0x80) {
          throw invalid(i);
        }
        codePoint = codePoint << 6 | (next & 0x3F);
      }
      if (!isShortestForm(codePoint, continuations)) {
        throw invalid(i);
      }
      out.appendCodePoint(codePoint);
    }
    return out.toString();
  }

  /** How many continuation octets follow a UTF-8 lead octet; rejects octets that cannot lead. */
  private static int continuationCount(int lead, int index) {
    if (lead < 0x80) {
      return 0;
    }
    if ((lead & 0xE0) == 0xC0) {
      return 1;
    }
    if ((lead & 0xF0) == 0xE0) {
      return 2;
    }
    if ((lead & 0xF8) == 0xF0) {
      return 3;
    }
    throw invalid(index - 3);
  }

  /** Rejects overlong forms, surrogates and code points beyond U+10FFFF, as JavaScript does. */
  private static boolean isShortestForm(int codePoint, int continuations) {
    int minimum =
        switch (continuations) {
          case 0 -> 0;
          case 1 -> 0x80;
          case 2 -> 0x800;
          default -> 0x10000;
        };
    return codePoint >= minimum
        && codePoint <= Character.MAX_CODE_POINT
        && (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE);
  }

  private static int octet(String path, int index, int to) {
    if (index + 2 < to) {
      int high = hexValue(path.charAt(index + 1));
      int low = hexValue(path.charAt(index + 2));
      if (high >= 0 && low >= 0) {
        return high << 4 | low;
      }
    }
    throw invalid(index);
  }

  private static int hexValue(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }

  private static MalformedPathException invalid(int index) {
    return new MalformedPathException(
        "a path parameter is not valid percent-encoded UTF-8 (index " + index + ")");
  }
}
