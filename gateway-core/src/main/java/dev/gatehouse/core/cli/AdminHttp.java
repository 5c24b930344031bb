package dev.gatehouse.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Calls the Admin API, one blocking request at a time, with JSON bodies: the JDK's HTTP client on
 * the command's own thread, so the command line starts none of the gateway's machinery. An error
 * answer becomes an {@link AdminRefusal}; a connection that cannot be made, a {@link CliFailure}
 * with {@link CliFailure#UNREACHABLE}.
 */
final class AdminHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final Map<String, String> headers;
  private final HttpClient client;
  private final PrintWriter verbose;

  /**
   * @param base the Admin API's URL; paths are appended to its path
   * @param headers sent with every request (authentication, {@code -H})
   * @param ssl the TLS context for an https URL, or null for the JDK's default trust
   * @param verbose where each call is reported, or null
   */
  AdminHttp(URI base, Map<String, String> headers, SSLContext ssl, PrintWriter verbose) {
    this.base = base;
    this.headers = Map.copyOf(headers);
    this.verbose = verbose;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    this.client = builder.build();
  }

  URI base() {
    return base;
  }

  JsonNode get(String path) throws CliFailure {
    return send("GET", path, null);
  }

  JsonNode post(String path, JsonNode body) throws CliFailure {
    return send("POST", path, body);
  }

  JsonNode put(String path, JsonNode body) throws CliFailure {
    return send("PUT", path, body);
  }

  JsonNode delete(String path) throws CliFailure {
    return send("DELETE", path, null);
  }

  /**
   * Sends one request and returns the answer's JSON, or null for an answer without a body.
   *
   * @param path the path below the base URL, its segments already encoded (see {@link #segment})
   */
  JsonNode send(String method, String path, JsonNode body) throws CliFailure {
    URI uri = resolve(path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("accept", "application/json");
    headers.forEach(request::header);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("content-type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
    }
    long started = System.nanoTime();
    if (verbose != null) {
      verbose.println("> " + method + " " + uri);
      verbose.flush();
    }
    HttpResponse<String> response = exchange(request.build(), uri);
    if (verbose != null) {
      verbose.println(
          "< "
              + response.statusCode()
              + " ("
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
              + " ms)");
      verbose.flush();
    }
    JsonNode answer = parse(response.body());
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      if (answer == null && !response.body().isBlank()) {
        throw new CliFailure(
            CliFailure.UNREACHABLE, "the Admin API at " + base + " did not answer JSON: " + uri);
      }
      return answer;
    }
    throw AdminRefusal.of(status, answer, response.body());
  }

  private HttpResponse<String> exchange(HttpRequest request, URI uri) throws CliFailure {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("cannot connect to the Admin API at " + base + " (timed out)");
    } catch (ConnectException e) {
      throw unreachable("cannot connect to the Admin API at " + base + " (connection refused)");
    } catch (HttpTimeoutException e) {
      throw unreachable("the Admin API at " + base + " did not answer within " + REQUEST_TIMEOUT);
    } catch (SSLException e) {
      throw new CliFailure(
          CliFailure.UNREACHABLE,
          "TLS with the Admin API at "
              + base
              + " failed ("
              + reason(e)
              + "); give the CA that signed its certificate with --cacert FILE or"
              + " GATEHOUSE_ADMIN_CACERT");
    } catch (IOException e) {
      throw unreachable("the Admin API at " + base + " failed: " + reason(e) + " (" + uri + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(CliFailure.UNREACHABLE, "interrupted");
    }
  }

  private static CliFailure unreachable(String message) {
    return new CliFailure(
        CliFailure.UNREACHABLE,
        message
            + "; is the gateway running with its admin listener? Choose the URL with --admin-url"
            + " or GATEHOUSE_ADMIN_URL");
  }

  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  private URI resolve(String path) {
    String prefix = base.getRawPath() == null ? "" : base.getRawPath();
    if (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return URI.create(
        base.getScheme()
            + "://"
            + base.getRawAuthority()
            + prefix
            + (path.startsWith("/") ? path : "/" + path));
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * One path segment, percent-encoded: every byte of its UTF-8 form but RFC 3986's unreserved
   * characters, so ids, names and tokens with {@code /}, {@code |} or spaces reach the API intact.
   */
  static String segment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
