package dev.gatehouse.distribution;

import static dev.gatehouse.distribution.OAuth2Gateway.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser for the login and consent pages: keeps the session cookie, sends its origin. */
final class Browser {

  private OAuth2Gateway gateway;
  String cookie;

  Browser(OAuth2Gateway gateway) {
    this.gateway = gateway;
  }

  /** The same browser talking to another gateway of the cluster (behind a load balancer). */
  Browser switchTo(OAuth2Gateway other) {
    this.gateway = other;
    return this;
  }

  HttpResponse<String> get(String path) throws Exception {
    HttpResponse<String> response =
        cookie == null ? gateway.get(path) : gateway.get(path, "cookie", cookie);
    remember(response);
    return response;
  }

  HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
    HttpResponse<String> response =
        cookie == null
            ? gateway.postForm(path, form, "origin", gateway.url(""))
            : gateway.postForm(path, form, "cookie", cookie, "origin", gateway.url(""));
    remember(response);
    return response;
  }

  private void remember(HttpResponse<String> response) {
    response
        .headers()
        .firstValue("set-cookie")
        .ifPresent(set -> cookie = set.substring(0, set.indexOf(';')));
  }

  static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("hidden %s in %s", name, html).isTrue();
    return m.group(1);
  }

  /** Logs in as ada when needed and answers the consent form; returns the redirect. */
  String authorize(String query, boolean allow) throws Exception {
    String authorize = "/oauth2/authorize?" + query;
    HttpResponse<String> first = get(authorize);
    if (first.statusCode() == 302) {
      assertThat(first.headers().firstValue("location")).hasValue("/login");
      String setCookie = first.headers().firstValue("set-cookie").orElseThrow();
      assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
      HttpResponse<String> page = get("/login");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<label for=\"username\">");
      HttpResponse<String> login =
          post(
              "/login",
              params(
                  "username",
                  "ada",
                  "password",
                  "s3cret-pass",
                  "_csrf",
                  hidden(page.body(), "_csrf")));
      assertThat(login.statusCode()).isEqualTo(302);
      assertThat(login.headers().firstValue("location")).hasValue(authorize);
      first = get(authorize);
    }
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    String transaction = first.headers().firstValue("transaction_id").orElseThrow();
    assertThat(first.body()).contains("Hi Ada!").contains("shop");
    Map<String, String> form =
        params("transaction_id", transaction, "_csrf", hidden(first.body(), "_csrf"));
    if (!allow) {
      form.put("cancel", "Deny");
    }
    HttpResponse<String> decision = post("/oauth2/authorize/decision", form);
    assertThat(decision.statusCode()).isEqualTo(302);
    return decision.headers().firstValue("location").orElseThrow();
  }

  static String code(String location) {
    Matcher m = Pattern.compile("[?&]code=([0-9a-f]+)").matcher(location);
    assertThat(m.find()).as(location).isTrue();
    return m.group(1);
  }

  static String s256(String verifier) throws Exception {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }
}
