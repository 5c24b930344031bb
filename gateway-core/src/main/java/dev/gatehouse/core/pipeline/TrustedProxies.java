package dev.gatehouse.core.pipeline;

import io.vertx.core.MultiMap;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The proxies in front of the gateway whose {@code X-Forwarded-*} and {@code Forwarded} headers are
 * believed ({@code http.trustedProxies}: addresses and CIDR blocks, IPv4 or IPv6). A request from
 * any other peer is taken at face value: its forwarding headers could be forged.
 *
 * <p>The client is found as RFC 7239 and common practice say: walk the forwarded chain from the
 * nearest hop outwards and stop at the first address that is not a trusted proxy. Immutable and
 * thread-safe.
 */
public final class TrustedProxies {

  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Block> blocks;

  private TrustedProxies(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** No trusted proxies: every peer is the client. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Parses addresses and CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code
   * 192.168.1.7}).
   *
   * @throws IllegalArgumentException naming the entry that is not an address or block
   */
  public static TrustedProxies of(List<String> entries) {
    List<Block> blocks = new ArrayList<>();
    for (String entry : entries) {
      blocks.add(Block.parse(entry.trim()));
    }
    return blocks.isEmpty() ? NONE : new TrustedProxies(blocks);
  }

  /** True when {@code address} (a literal IP) is a trusted proxy. */
  public boolean trusts(String address) {
    if (blocks.isEmpty() || address == null) {
      return false;
    }
    byte[] bytes = literal(address);
    if (bytes == null) {
      return false;
    }
    for (Block block : blocks) {
      if (block.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** The client's address for a request from {@code peer}. */
  public String clientIp(String peer, MultiMap headers) {
    if (!trusts(peer)) {
      return peer;
    }
    List<String> chain = forwardedFor(headers);
    for (int i = chain.size() - 1; i >= 0; i--) {
      String hop = chain.get(i);
      if (!trusts(hop)) {
        return hop;
      }
    }
    return chain.isEmpty() ? peer : chain.get(0);
  }

  /** The forwarded value of {@code X-Forwarded-<name>} from a trusted peer, else null. */
  public String forwarded(String peer, MultiMap headers, String name) {
    if (!trusts(peer)) {
      return null;
    }
    String value = headers.get("x-forwarded-" + name);
    if (value == null) {
      return null;
    }
    int comma = value.indexOf(',');
    return (comma < 0 ? value : value.substring(0, comma)).trim();
  }

  /** The addresses of the chain, client first: {@code Forwarded: for=} or X-Forwarded-For. */
  private static List<String> forwardedFor(MultiMap headers) {
    List<String> chain = new ArrayList<>();
    List<String> forwarded = headers.getAll("forwarded");
    if (!forwarded.isEmpty()) {
      for (String value : forwarded) {
        for (String element : value.split(",")) {
          for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
              chain.add(nodeAddress(pair.substring(eq + 1).trim()));
            }
          }
        }
      }
      return chain;
    }
    for (String value : headers.getAll("x-forwarded-for")) {
      for (String hop : value.split(",")) {
        if (!hop.isBlank()) {
          chain.add(hop.trim());
        }
      }
    }
    return chain;
  }

  /** RFC 7239 node: {@code "[2001:db8::1]:4711"}, {@code 192.0.2.43:80}, {@code unknown}. */
  private static String nodeAddress(String node) {
    String value =
        node.startsWith("\"") && node.endsWith("\"") && node.length() > 1
            ? node.substring(1, node.length() - 1)
            : node;
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      return end < 0 ? value : value.substring(1, end);
    }
    int colon = value.indexOf(':');
    return colon > 0 && value.indexOf(':', colon + 1) < 0 ? value.substring(0, colon) : value;
  }

  /** The bytes of an IP literal, or null when {@code text} is not one (never a DNS lookup). */
  private static byte[] literal(String text) {
    String address =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    boolean v4 =
        !address.isEmpty() && address.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    boolean v6 =
        address.indexOf(':') >= 0
            && address.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** One trusted address block. */
  private record Block(byte[] network, int prefix) {

    static Block parse(String entry) {
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      byte[] bytes = literal(address);
      if (bytes == null) {
        throw new IllegalArgumentException(
            "'" + entry + "' is not an IP address or CIDR block (for example 10.0.0.0/8)");
      }
      int bits = bytes.length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? bits : Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(
            "'" + entry + "' has an invalid prefix length; expected 0 to " + bits);
      }
      return new Block(bytes, prefix);
    }

    boolean contains(byte[] address) {
      byte[] candidate = address;
      if (candidate.length != network.length) {
        candidate = mapped(candidate, network.length);
        if (candidate == null) {
          return false;
        }
      }
      BigInteger mask =
          prefix == 0
              ? BigInteger.ZERO
              : BigInteger.ONE
                  .shiftLeft(prefix)
                  .subtract(BigInteger.ONE)
                  .shiftLeft(network.length * 8 - prefix);
      return new BigInteger(1, candidate).and(mask).equals(new BigInteger(1, network).and(mask));
    }

    /** An IPv4 address as IPv4-mapped IPv6, or the reverse, to compare with a block. */
    private static byte[] mapped(byte[] address, int length) {
      if (address.length == 4 && length == 16) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(address, 0, v6, 12, 4);
        return v6;
      }
      return null;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s/%d", java.util.Arrays.toString(network), prefix);
    }
  }
}
