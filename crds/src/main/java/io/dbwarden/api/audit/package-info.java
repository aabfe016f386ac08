/** The audit event: one JSON object per line, shared by the sidecar that writes it and readers. */
package io.dbwarden.api.audit;
