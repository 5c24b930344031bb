package dev.gatehouse.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.template.RequestTemplate;
import dev.gatehouse.api.template.TemplateException;
import dev.gatehouse.api.template.TemplateService;
import dev.gatehouse.core.expression.ExampleRequest;
import org.junit.jupiter.api.Test;

/** The template service plugins get: the core's CEL templates behind the plugin API's types. */
class CelTemplateServiceTest {

  private final TemplateService templates = new CelTemplateService();

  @Test
  void rendersTheKeysRateLimitsUse() {
    assertThat(render("${req.ip}")).isEqualTo("203.0.113.7");
    assertThat(render("${consumer.id}")).isEqualTo("u-42");
    assertThat(render("${req.headers['x-api-key']}")).isEqualTo("k1");
    assertThat(render("${req.hostname}:${req.method}")).isEqualTo("api.example.com:POST");
  }

  @Test
  void aConstantTemplateSaysSo() {
    assertThat(templates.compile("everyone", "rateLimitBy").isConstant()).isTrue();
    assertThat(templates.compile("${req.ip}", "rateLimitBy").isConstant()).isFalse();
    assertThat(templates.compile("${req.ip}", "rateLimitBy").source()).isEqualTo("${req.ip}");
  }

  @Test
  void aBadTemplateIsAConfigErrorAtItsPath() {
    assertThatThrownBy(() -> templates.compile("${req.headers.get('x')}", "rateLimitBy"))
        .isInstanceOf(PolicyConfigException.class)
        .satisfies(e -> assertThat(((PolicyConfigException) e).path()).isEqualTo("rateLimitBy"))
        .hasMessageContaining("${req.headers.get('x')}");
    assertThatThrownBy(() -> templates.compile("${req.metod}", "rateLimitBy"))
        .isInstanceOf(PolicyConfigException.class)
        .hasMessageContaining("metod");
  }

  @Test
  void aPartFailingOnARequestThrowsTheApiExceptionWithoutRequestValues() {
    RequestTemplate tenant = templates.compile("${req.headers['x-tenant']}", "rateLimitBy");

    assertThatThrownBy(() -> tenant.render(ExampleRequest.authenticated()))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("x-tenant")
        .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    assertThatThrownBy(
            () ->
                templates
                    .compile("${consumer.id}", "rateLimitBy")
                    .render(ExampleRequest.anonymous()))
        .isInstanceOf(TemplateException.class);
  }

  private String render(String source) {
    return templates.compile(source, "rateLimitBy").render(ExampleRequest.authenticated());
  }
}
