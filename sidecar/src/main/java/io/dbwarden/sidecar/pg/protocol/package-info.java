/**
 * PostgreSQL frontend/backend protocol v3: messages shared by both directions, the encoder and
 * buffer helpers; see <a
 * href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>.
 */
package io.dbwarden.sidecar.pg.protocol;
