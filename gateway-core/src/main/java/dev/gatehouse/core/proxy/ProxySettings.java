package dev.gatehouse.core.proxy;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The proxy step's parameters after Express Gateway's merge (action, then the service endpoint's
 * {@code proxyOptions}, then the deprecated action {@code proxyOptions}).
 *
 * @param serviceEndpoint the upstream's name
 * @param changeOrigin send the target's host as {@code Host} (EG default true)
 * @param stripPath remove the matched path prefix
 * @param prependPath prepend the target URL's path (default true)
 * @param ignorePath send only the target URL's path
 * @param xfwd add {@code X-Forwarded-For/Port/Proto/Host}
 * @param secure verify the upstream's TLS certificate (default true)
 * @param auth {@code user:password} sent as upstream basic authentication
 * @param headers extra upstream request headers
 * @param proxyTimeout milliseconds to wait for upstream data before answering 504
 * @param connectTimeout milliseconds to wait for a connection before answering 504
 * @param proxyUrl an intermediate HTTP proxy (the {@code http_proxy} variable wins)
 * @param target upstream TLS material: client certificate, key and CAs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ProxySettings(
    String serviceEndpoint,
    Boolean changeOrigin,
    Boolean stripPath,
    Boolean prependPath,
    Boolean ignorePath,
    Boolean xfwd,
    Boolean secure,
    String auth,
    Map<String, String> headers,
    Long proxyTimeout,
    Long connectTimeout,
    String proxyUrl,
    TargetTls target) {

  static final long DEFAULT_CONNECT_TIMEOUT = 10_000;

  boolean changesOrigin() {
    return changeOrigin == null || changeOrigin;
  }

  boolean strips() {
    return stripPath != null && stripPath;
  }

  boolean prepends() {
    return prependPath == null || prependPath;
  }

  boolean ignoresPath() {
    return ignorePath != null && ignorePath;
  }

  boolean forwards() {
    return xfwd != null && xfwd;
  }

  boolean verifiesTls() {
    return secure == null || secure;
  }

  /**
   * Files with the upstream TLS material, relative to the configuration directory.
   *
   * @param keyFile the client private key (PEM)
   * @param certFile the client certificate chain (PEM)
   * @param caFile trusted CA certificates (PEM); a list of files is accepted
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record TargetTls(
      String keyFile,
      String certFile,
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> caFile) {}
}
