package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import io.vertx.core.http.HttpHeaders;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * {@code hostMatch}: the {@code Host} header, port included as in Express Gateway, matches the glob
 * {@code pattern} ({@code *}, {@code ?}, {@code [a-z]}, {@code {a,b}}). A request without a {@code
 * Host} header never matches.
 */
@Extension
public final class HostMatchConditionFactory extends PatternConditionFactory {

  public HostMatchConditionFactory() {
    super("hostMatch", Glob::compile);
  }

  @Override
  Condition matching(Pattern glob) {
    return exchange -> {
      String host = exchange.headers().get(HttpHeaders.HOST);
      return host != null && glob.matcher(host).matches();
    };
  }
}
