/**
 * Policies from a file: loaded at startup, reloaded when the file changes (including the symlink
 * swaps Kubernetes uses to update mounted ConfigMaps), with the last good version kept through bad
 * edits and deletions.
 */
package io.dbwarden.sidecar.policy.file;
