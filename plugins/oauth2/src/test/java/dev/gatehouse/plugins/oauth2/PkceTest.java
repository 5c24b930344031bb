package dev.gatehouse.plugins.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** PKCE as RFC 7636 defines it, with its appendix B example. */
class PkceTest {

  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  @Test
  void s256MatchesTheRfcExample() {
    assertThat(TokenEndpoint.Pkce.s256(VERIFIER)).isEqualTo(CHALLENGE);
    assertThat(TokenEndpoint.Pkce.matches(CHALLENGE, "S256", VERIFIER)).isTrue();
  }

  @Test
  void aWrongShortOrMissingVerifierFails() {
    assertThat(TokenEndpoint.Pkce.matches(CHALLENGE, "S256", VERIFIER.replace('d', 'e'))).isFalse();
    assertThat(TokenEndpoint.Pkce.matches(CHALLENGE, "S256", "short")).isFalse();
    assertThat(TokenEndpoint.Pkce.matches(CHALLENGE, "S256", null)).isFalse();
    assertThat(TokenEndpoint.Pkce.matches(CHALLENGE, "S256", CHALLENGE + "!")).isFalse();
  }
}
