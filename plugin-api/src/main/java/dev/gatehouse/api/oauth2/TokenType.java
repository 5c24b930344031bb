package dev.gatehouse.api.oauth2;

/** The kinds of opaque token the store keeps. */
public enum TokenType {
  /** Presented to APIs; short-lived. */
  ACCESS,
  /** Exchanged at the token endpoint for new tokens; rotated on each use. */
  REFRESH
}
