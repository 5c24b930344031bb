package dev.gatehouse.api.template;

import dev.gatehouse.api.Exchange;

/**
 * A compiled template, immutable and shared by all event loops. Rendering reads only the parts of
 * the request the expressions use (a header lookup, the client address) and does not block.
 *
 * <p>A part's value is written as a JavaScript template literal writes it: a string as itself,
 * {@code null} as {@code null}, {@code 3.0} as {@code 3}, a list joined by commas, a map as JSON.
 *
 * <pre>{@code
 * try {
 *   String key = template.render(exchange);
 * } catch (TemplateException e) {
 *   // a header the template reads is absent, a field of a null consumer…
 * }
 * }</pre>
 */
public interface RequestTemplate {

  /** The template as configured. */
  String source();

  /** True when the template has no {@code ${…}} part: it renders the same text every time. */
  boolean isConstant();

  /**
   * Renders the template for one request, on the request's event loop.
   *
   * @throws TemplateException when a part fails for this request, as Express Gateway's JavaScript
   *     threw or gave {@code undefined}: an absent header, a field of a {@code null} consumer, a
   *     value of the wrong type. The message names the part and never contains request values.
   */
  String render(Exchange exchange);
}
