package dev.gatehouse.core.routing;

/**
 * A host name in which {@code *} stands for one or more characters of a single label, as the {@code
 * vhost} module turns it into {@code ([^.]+)}. Matches label by label, ignoring ASCII case, without
 * a regular expression and without allocating.
 */
final class HostGlob {

  private final String[] labels;

  HostGlob(String host) {
    this.labels = AsciiCase.lower(host).split("\\.", -1);
  }

  boolean matches(String host) {
    int from = 0;
    for (int i = 0; i < labels.length; i++) {
      int end = host.indexOf('.', from);
      boolean lastLabel = i == labels.length - 1;
      if (lastLabel != (end < 0)) {
        return false;
      }
      if (lastLabel) {
        end = host.length();
      }
      if (!labelMatches(labels[i], 0, host, from, end)) {
        return false;
      }
      from = end + 1;
    }
    return true;
  }

  /** Whether {@code glob} from {@code g} matches {@code host} from {@code from} to {@code to}. */
  private static boolean labelMatches(String glob, int g, String host, int from, int to) {
    int h = from;
    for (; g < glob.length(); g++, h++) {
      char c = glob.charAt(g);
      if (c == '*') {
        for (int end = h + 1; end <= to; end++) {
          if (labelMatches(glob, g + 1, host, end, to)) {
            return true;
          }
        }
        return false;
      }
      if (h >= to || AsciiCase.lower(host.charAt(h)) != c) {
        return false;
      }
    }
    return h == to;
  }
}
