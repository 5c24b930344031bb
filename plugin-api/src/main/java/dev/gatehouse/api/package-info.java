/**
 * The Gatehouse plugin API: the stable SPI that policies, conditions and route contributors are
 * written against.
 *
 * <p>Start with {@link dev.gatehouse.api.PolicyFactory}: a PF4J extension that turns a pipeline
 * step's {@code action} into a {@link dev.gatehouse.api.Policy}. A policy receives an {@link
 * dev.gatehouse.api.Exchange} and returns an {@link dev.gatehouse.api.Outcome}: continue, or answer
 * with a {@link dev.gatehouse.api.Response} (a {@link dev.gatehouse.api.Problem} for denials).
 * Conditions ({@link dev.gatehouse.api.ConditionFactory}) and routes ({@link
 * dev.gatehouse.api.RouteContributor}) follow the same pattern. {@link
 * dev.gatehouse.api.ApiVersion} says which version of this API a build implements.
 */
package dev.gatehouse.api;
