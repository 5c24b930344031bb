/**
 * Templates over a request: text with {@code ${…}} parts, each a CEL expression over Express
 * Gateway's context ({@code req}, {@code consumer}, {@code apiEndpoint}, {@code requestID}),
 * compiled when the configuration loads and rendered per request. Obtain the {@link
 * dev.gatehouse.api.template.TemplateService} with {@code context.service(TemplateService.class)}.
 */
package dev.gatehouse.api.template;
