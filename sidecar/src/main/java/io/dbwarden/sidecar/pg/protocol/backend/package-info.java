/** Messages a PostgreSQL server sends, and their decoder. */
package io.dbwarden.sidecar.pg.protocol.backend;
