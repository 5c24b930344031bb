package dev.gatehouse.plugins.jwt.keys;

/**
 * What a key source may know of a token before its signature is checked: its algorithm, key id and
 * subject. None of it is trusted.
 *
 * @param algorithm the {@code alg} header, already among the accepted ones
 * @param keyId the {@code kid} header, or null
 * @param subject the unverified {@code sub} claim, or null
 */
public record TokenHead(String algorithm, String keyId, String subject) {}
