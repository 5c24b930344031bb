package dev.gatehouse.plugins.keyauth;

/**
 * A {@code key-auth} step's action, as Express Gateway defines it.
 *
 * @param apiKeyHeader the header to read, any case
 * @param apiKeyHeaderScheme the first word the header value must have, any case; empty for none
 * @param apiKeyField the query parameter to read
 * @param disableHeaders read no header
 * @param disableHeadersScheme accept any or no scheme: the key is the header's last word
 * @param disableQueryParam read no query parameter
 * @param passThrough continue anonymously instead of refusing
 */
public record KeyAuthConfig(
    String apiKeyHeader,
    String apiKeyHeaderScheme,
    String apiKeyField,
    boolean disableHeaders,
    boolean disableHeadersScheme,
    boolean disableQueryParam,
    boolean passThrough) {}
