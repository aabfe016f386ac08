/**
 * {@code explain}: why a statement is (or would be) decided as it is, by the sidecar's own decision
 * step, and what became of an AccessGrant.
 */
package io.dbwarden.kubectl.explain;
