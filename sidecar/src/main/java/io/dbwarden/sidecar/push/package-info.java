/**
 * Policies pushed by the operator: the sidecar's end of the push stream (a WebSocket it keeps open
 * and reopens with backoff), the checks a bundle passes before it is enforced, the last good bundle
 * kept on disk for restarts while the operator is away, and the audit summaries sent back.
 */
package io.dbwarden.sidecar.push;
