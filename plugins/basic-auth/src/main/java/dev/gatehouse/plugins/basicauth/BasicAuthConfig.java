package dev.gatehouse.plugins.basicauth;

/**
 * A {@code basic-auth} step's action, as Express Gateway defines it.
 *
 * @param passThrough continue anonymously instead of refusing
 */
public record BasicAuthConfig(boolean passThrough) {}
