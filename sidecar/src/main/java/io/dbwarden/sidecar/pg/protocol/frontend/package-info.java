/** Messages a PostgreSQL client sends, and the decoders for the startup and typed phases. */
package io.dbwarden.sidecar.pg.protocol.frontend;
