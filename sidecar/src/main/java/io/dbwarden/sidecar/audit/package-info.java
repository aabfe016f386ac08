/** Audit: recording who connected, what they ran and what came of it. */
package io.dbwarden.sidecar.audit;
