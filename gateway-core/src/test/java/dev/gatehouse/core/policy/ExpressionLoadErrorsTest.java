package dev.gatehouse.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every policy and condition that takes CEL refuses bad input when the configuration loads, and
 * {@code gatehouse validate} names the file, the line, the YAML path and the fix: JavaScript from
 * an Express Gateway configuration gets the CEL or the policy to use instead.
 */
class ExpressionLoadErrorsTest {

  @TempDir Path dir;

  private record Result(int status, String err) {}

  /** Validates a configuration whose only step (line 9) is {@code step}. */
  private Result validate(String step) throws IOException {
    String gateway =
        """
        http: {port: 0}
        apiEndpoints:
          api: {paths: '/api/*'}
        policies: [log, expression, headers, request-transformer, response-transformer, terminate]
        pipelines:
          api:
            apiEndpoints: [api]
            policies:
        %s
        """
            .formatted(step.indent(6).stripTrailing());
    Files.writeString(dir.resolve("gateway.config.yml"), gateway);
    StringWriter err = new StringWriter();
    int status =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "validate",
            "--config-dir",
            dir.toString());
    return new Result(status, err.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // compat item 34: a template cannot reach Node.js
        "- log: {action: {message: 'bye ${process.exit(1)}'}}"
            + " | 9 | policies[0].log.action.message | `process`: Node.js is not available",
        "- log: {action: {message: 'open ${req.url'}}"
            + " | 9 | policies[0].log.action.message | is not closed",
        "- expression: {action: {jscode: \"req.url = '/v2' + req.url\"}}"
            + " | 9 | policies[0].expression.action.jscode | the rewrite policy changes the URL",
        "- expression: {action: {jscode: \"req.headers['x-a'] = 'b'; true\"}}"
            + " | 9 | policies[0].expression.action.jscode | request-transformer policy changes headers",
        "- terminate: {condition: {name: expression, expression: \"req.method === 'GET'\"}}"
            + " | 9 | policies[0].terminate.condition.expression | `===`: write ==",
        "- terminate: {condition: {name: expression, expression: \"req.user && req.user.admin\"}}"
            + " | 9 | policies[0].terminate.condition.expression | write req.user != null",
        "- terminate: {condition: {name: expression, expression: req.method}}"
            + " | 9 | policies[0].terminate.condition.expression | is not a bool",
        "- headers: {action: {forwardHeaders: {id: consumer.id, name: consumer.name.toUpperCase()}}}"
            + " | 9 | policies[0].headers.action.forwardHeaders.name | write x.upperAscii()",
        "- headers: {action: {forwardHeaders: {'bad header': consumer.id}}}"
            + " | 9 | policies[0].headers.action.forwardHeaders[\"bad header\"] | not a valid header name",
        "- request-transformer: {action: {body: {add: {hello: world}}}}"
            + " | 9 | policies[0].request-transformer.action.body.add.hello | text is quoted: 'world'",
        "- request-transformer: {action: {headers: {add: {x-key: \"req.headers['X-Api-Key']\"}}}}"
            + " | 9 | policies[0].request-transformer.action.headers.add.x-key | write req.headers['x-api-key']",
        "- response-transformer: {action: {body: {add: {n: size(req.url) +}}}}"
            + " | 9 | policies[0].response-transformer.action.body.add.n | the expression ends too early",
        "- response-transformer: {action: {body: {remove: [a]}, maxBodyBytes: 0}}"
            + " | 9 | policies[0].response-transformer.action.maxBodyBytes | ",
        "- request-transformer: {action: {maxBodyBytes: 10}}"
            + " | 9 | policies[0].request-transformer.action | ",
      })
  void badExpressionsAreRefusedWithFileLinePathAndFix(
      String step, int line, String path, String message) throws IOException {
    Result result = validate(step);

    assertThat(result.status()).as(result.err()).isEqualTo(1);
    assertThat(result.err())
        .contains("gateway.config.yml:" + line + ":")
        .contains("pipelines.api." + path)
        .contains(message == null ? "" : message);
  }

  @Test
  void validExpressionsPass() throws IOException {
    Result result =
        validate(
            """
            - log: {action: {message: '${req.method} ${req.originalUrl} $${requestID}'}}
            - headers: {action: {headersPrefix: eg-, forwardHeaders: {id: consumer.id}}}
            - request-transformer:
                action:
                  headers: {add: {x-a: "'b'"}, remove: [x-c]}
                  body: {add: {d: "req.headers[?'x-d'].orValue('none')"}}
            - response-transformer: {action: {body: {remove: [secret]}}}
            - expression: {action: {jscode: "size(req.path) > 0"}}
            - terminate:
                condition: {name: expression, expression: "'admin' in consumer.scopes"}
                action: {statusCode: 403}
            """);

    assertThat(result.status()).as(result.err()).isZero();
  }
}
