/**
 * The gateway's OAuth 2.0 state, for the plugin that implements the authorization server and for
 * policies that verify its tokens.
 *
 * <p>{@link dev.gatehouse.api.oauth2.OAuth2Store} keeps tokens, authorization codes, login sessions
 * and signing keys in the gateway's identity store (embedded, or Redis shared by a cluster), with
 * secrets stored hashed and expired items cleaned up. {@link dev.gatehouse.api.oauth2.LocalIssuer}
 * tells a verifier (such as the {@code jwt} policy) the gateway's own issuer name and its published
 * keys, so that it can trust the tokens this gateway issues without a key file. Obtain either with
 * {@code context.service(OAuth2Store.class)} or {@code context.service(LocalIssuer.class)}.
 */
package dev.gatehouse.api.oauth2;
