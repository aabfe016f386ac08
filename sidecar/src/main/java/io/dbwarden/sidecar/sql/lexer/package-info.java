/**
 * The SQL lexer: PostgreSQL's scanner rules (<a
 * href="https://www.postgresql.org/docs/current/sql-syntax-lexical.html">Lexical Structure</a>),
 * statement splitting as the server does it for a simple-protocol Query, and the fingerprint and
 * redacted text of each statement. Runs on the event loop for every Query: one pass over the
 * characters, no regular expressions.
 */
package io.dbwarden.sidecar.sql.lexer;
