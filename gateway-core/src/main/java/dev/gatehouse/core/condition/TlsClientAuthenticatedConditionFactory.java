package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import javax.net.ssl.SSLSession;
import org.pf4j.Extension;

/**
 * {@code tlsClientAuthenticated}: the request came over HTTPS with a client certificate that
 * verified against the CAs configured for the listener ({@code https.options.ca} or the {@code ca}
 * of the matching {@code https.tls} entry), Express Gateway's {@code req.client.authorized}. Plain
 * HTTP requests and clients without a certificate never match.
 *
 * <p>The {@code https} listener records its verdict on each TLS session under {@link
 * #SESSION_VALUE}; this condition only reads it.
 */
@Extension
public final class TlsClientAuthenticatedConditionFactory implements ConditionFactory<JsonObject> {

  /**
   * The {@link SSLSession} value holding {@link Boolean#TRUE} when the session's client certificate
   * verified, {@link Boolean#FALSE} when it did not or there is none.
   */
  public static final String SESSION_VALUE = "dev.gatehouse.tlsClientAuthenticated";

  @Override
  public String name() {
    return "tlsClientAuthenticated";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Condition create(JsonObject params, PolicyContext context) {
    return exchange -> {
      SSLSession session = exchange.sslSession();
      return session != null && Boolean.TRUE.equals(session.getValue(SESSION_VALUE));
    };
  }
}
