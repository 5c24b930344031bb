package dev.gatehouse.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.PolicyConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ${…}} templates: parsing, rendering, escapes and errors. */
class TemplateTest {

  private static String render(String template) throws CompileError {
    return Template.parse(template).render(ExampleRequest.authenticated());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "${req.method} ${req.originalUrl} | POST /v1/orders?page=2&tag=a&tag=b",
        "id=${requestID} | id=req-1",
        // the configuration loader keeps $${…} away from environment substitution
        "id=$${requestID} | id=req-1",
        "id=${ requestID } | id=req-1",
        "\\${req.method} | ${req.method}",
        "${egContext.req.method}:${consumer.scopes} | POST:admin,orders:read",
        "${ {'a': '}'}['a'] }{} | }{}",
        "${\"${\"} | ${",
        "${consumer.credential.id} | null",
        "${req.headers[?'x-none'].orValue('-')} | -",
        "plain text, no parts | plain text, no parts",
        "$5 and {braces} | $5 and {braces}",
      })
  void partsRenderLikeJavaScriptTemplateLiterals(String template, String text) throws CompileError {
    assertThat(render(template)).isEqualTo(text);
  }

  @Test
  void aTemplateWithoutPartsIsConstant() throws CompileError {
    assertThat(Template.parse("hello").isConstant()).isTrue();
    assertThat(Template.parse("${requestID}").isConstant()).isFalse();
  }

  @Test
  void aFailingPartFailsTheRenderingNamingThePart() throws CompileError {
    Template template = Template.parse("tenant ${req.headers['x-tenant']}");

    assertThatThrownBy(() -> template.render(ExampleRequest.authenticated()))
        .isInstanceOf(EvaluationException.class)
        .hasMessageStartingWith("`req.headers['x-tenant']`: no key 'x-tenant'");
  }

  @Test
  void errorsNameThePartItsColumnAndThePath() {
    assertThatThrownBy(() -> Template.compile("ok ${req.method} ${process.exit(1)}", "message"))
        .isInstanceOf(PolicyConfigException.class)
        .hasMessageStartingWith("`${process.exit(1)}` at column 18 of the template: ")
        .hasMessageContaining("Node.js is not available")
        .extracting(e -> ((PolicyConfigException) e).path())
        .isEqualTo("message");
    assertThatThrownBy(() -> Template.compile("${req.url", "message"))
        .hasMessageContaining("the ${ at column 1 of `${req.url` is not closed");
    assertThatThrownBy(() -> Template.compile("a ${} b", "message"))
        .hasMessageContaining("the expression is empty");
  }
}
