package dev.gatehouse.core.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Form bodies read as Express Gateway's body parser (qs, extended) reads them. */
class UrlEncodedFormTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "name=Ada&age=36                 | {\"name\":\"Ada\",\"age\":\"36\"}",
        "a+b=c%20d&empty=&flag           | {\"a b\":\"c d\",\"empty\":\"\",\"flag\":\"\"}",
        "tags=a&tags=b                   | {\"tags\":[\"a\",\"b\"]}",
        "user[name]=Ada&user[age]=36     | {\"user\":{\"name\":\"Ada\",\"age\":\"36\"}}",
        "ids[]=1&ids[]=2                 | {\"ids\":[\"1\",\"2\"]}",
        "items[1]=b&items[0]=a           | {\"items\":[\"a\",\"b\"]}",
        "rows[0][id]=1&rows[0][n]=x      | {\"rows\":[{\"id\":\"1\",\"n\":\"x\"}]}",
        "big[21]=x                       | {\"big\":{\"21\":\"x\"}}",
        "mixed[0]=a&mixed[k]=b           | {\"mixed\":{\"0\":\"a\",\"k\":\"b\"}}",
        "a[b][c][d][e][f][g]=deep        | {\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"[g]\":\"deep\"}}}}}}}",
        "bad=%E0%A4%A                    | {\"bad\":\"%E0%A4%A\"}",
      })
  void readsLikeQs(String body, String json) {
    assertThat(UrlEncodedForm.parse(body, StandardCharsets.UTF_8).orElseThrow().toString())
        .isEqualTo(json);
  }

  @Test
  void anEmptyBodyIsAnEmptyObject() {
    assertThat(UrlEncodedForm.parse("", StandardCharsets.UTF_8).orElseThrow().toString())
        .isEqualTo("{}");
  }

  @Test
  void moreThanAThousandFieldsAreRefused() {
    String body = "f=1&".repeat(1001);

    assertThat(UrlEncodedForm.parse(body, StandardCharsets.UTF_8)).isEmpty();
  }
}
