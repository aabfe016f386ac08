/**
 * The policy bundle: what the operator sends a sidecar, namely every valid policy that selects the
 * sidecar's pod, under one content version the sidecar acknowledges.
 */
package io.dbwarden.api.bundle;
