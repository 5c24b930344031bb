package dev.gatehouse.core.template;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.template.RequestTemplate;
import dev.gatehouse.api.template.TemplateException;
import dev.gatehouse.api.template.TemplateService;
import dev.gatehouse.core.expression.EvaluationException;
import dev.gatehouse.core.expression.Template;

/**
 * The {@link TemplateService} offered to plugins: the gateway's own CEL {@link Template}s (the
 * {@code log} policy's), so that a plugin's {@code ${…}} reads exactly as the core's.
 */
public final class CelTemplateService implements TemplateService {

  @Override
  public RequestTemplate compile(String source, String path) {
    return new CompiledTemplate(Template.compile(source, path));
  }

  /** A compiled template; its failures become the API's {@link TemplateException}. */
  private record CompiledTemplate(Template template) implements RequestTemplate {

    @Override
    public String source() {
      return template.source();
    }

    @Override
    public boolean isConstant() {
      return template.isConstant();
    }

    @Override
    public String render(Exchange exchange) {
      try {
        return template.render(exchange);
      } catch (EvaluationException e) {
        throw new TemplateException(e.getMessage(), e);
      }
    }

    @Override
    public String toString() {
      return "RequestTemplate[" + template.source() + "]";
    }
  }
}
