/**
 * The policy push stream between a sidecar and the operator: its endpoint, how a sidecar proves who
 * it is, and the JSON messages both ends exchange. Shared so that both ends read and write the same
 * types.
 */
package io.dbwarden.api.push;
