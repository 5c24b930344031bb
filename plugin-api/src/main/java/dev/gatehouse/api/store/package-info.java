/**
 * State shared by every gateway instance of a cluster: atomic scripts on the gateway's Redis
 * ({@code db.redis}). Obtain the {@link dev.gatehouse.api.store.ScriptStore} with {@code
 * context.service(ScriptStore.class)}; it is absent when the gateway runs without Redis.
 */
package dev.gatehouse.api.store;
