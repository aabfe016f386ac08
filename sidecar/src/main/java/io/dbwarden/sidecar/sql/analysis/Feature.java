package io.dbwarden.sidecar.sql.analysis;

/** Facts about a statement that guardrails act on. */
public enum Feature {
  /**
   * An UPDATE or DELETE (also inside a writable CTE) with no WHERE, or with a WHERE whose truth
   * does not depend on the rows: a constant ({@code 1=1}, {@code true}, {@code 'a'='a'}), a
   * self-comparison ({@code id = id}), or an OR with such a branch ({@code ... OR true}).
   */
  UNBOUNDED_WRITE,
  /** {@code ALTER TABLE ... DROP COLUMN}. */
  DROP_COLUMN,
  /** {@code COPY ... TO PROGRAM} or {@code FROM PROGRAM}. */
  COPY_PROGRAM,
  /** {@code COPY ... TO} or {@code FROM} a file on the database server. */
  COPY_SERVER_FILE,
  /** {@code COPY ... FROM} (data flows into a table). */
  COPY_FROM,
  /** {@code SET ROLE} / {@code RESET ROLE}, also as {@code SET LOCAL}. */
  SET_ROLE,
  /** {@code SET SESSION AUTHORIZATION} / {@code RESET SESSION AUTHORIZATION}. */
  SET_SESSION_AUTHORIZATION,
  /**
   * SQL built at run time: {@code EXECUTE} of a string inside a function body is not visible, but
   * functions that run SQL text ({@code dblink}, {@code query_to_xml}...) are.
   */
  DYNAMIC_SQL,
  /** {@code CREATE TEMP TABLE} or {@code SELECT ... INTO TEMP}. */
  CREATES_TEMPORARY_TABLE
}
