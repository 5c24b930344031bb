/**
 * Small helpers shared by authentication policies: {@link dev.gatehouse.api.auth.Challenge} writes
 * {@code WWW-Authenticate} values and {@link dev.gatehouse.api.auth.AuthOutcomes} gives the answers
 * every scheme shares (401 with a challenge, 403 for missing scopes, problem+json codes, {@code
 * passThrough}).
 */
package dev.gatehouse.api.auth;
