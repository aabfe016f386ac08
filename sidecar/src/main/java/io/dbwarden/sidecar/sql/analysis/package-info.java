/**
 * Statement analysis: what a SQL statement does, to which tables and columns, where each result
 * column comes from, and the facts guardrails act on. {@link
 * io.dbwarden.sidecar.sql.analysis.StatementAnalyzer} is the entry point; {@link
 * io.dbwarden.sidecar.sql.analysis.SettingChanges} reads what SET statements change.
 */
package io.dbwarden.sidecar.sql.analysis;
