package dev.gatehouse.api.template;

import dev.gatehouse.api.PolicyConfigException;

/**
 * Compiles templates: text with {@code ${…}} parts, each a CEL expression over Express Gateway's
 * context, as in rate-limit's {@code rateLimitBy} ({@code ${req.headers['x-api-key']}}) or the
 * {@code log} policy's message ({@code ${req.method} ${req.originalUrl}}). The language and the
 * context are the gateway's, documented in {@code docs/expressions.md}.
 *
 * <p>The gateway always offers this service: {@code context.service(TemplateService.class)}.
 * Compile in {@code PolicyFactory.create}, render per request:
 *
 * <pre>{@code
 * RequestTemplate key =
 *     context.service(TemplateService.class).orElseThrow().compile(config.by(), "rateLimitBy");
 * ...
 * String bucket = key.render(exchange); // may throw TemplateException
 * }</pre>
 */
public interface TemplateService {

  /**
   * Parses and type-checks every part of {@code source}.
   *
   * @param path where the template sits relative to the action or condition being compiled (e.g.
   *     {@code rateLimitBy}); an error is reported at that path with the file and line
   * @throws PolicyConfigException when a part is not a valid expression over the context (the
   *     message names the part, its column and what to write instead)
   */
  RequestTemplate compile(String source, String path);
}
