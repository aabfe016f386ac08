package io.dbwarden.sidecar.sql.analysis;

/** Facts about a statement that guardrails act on. */
public enum Feature {
  /**
   * An UPDATE or DELETE (also inside a writable CTE, EXPLAIN or COPY) with no WHERE, or with a
   * WHERE whose truth does not depend on the target's rows: no reference to the target at all
   * ({@code 1=1}, {@code true}, {@code $1=$1}, {@code NOT false}, a condition on another table
   * only), a self-comparison ({@code id = id}), or an OR with such a branch ({@code ... OR true}).
   * Constants are never looked at, so {@code 1=2} counts too. A MERGE whose join condition and WHEN
   * condition leave a matched UPDATE or DELETE unlimited is marked the same way.
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
   * calls of functions that run SQL text or read a relation named by a string are ({@code dblink*},
   * {@code query_to_xml*}, {@code table_to_xml*}, {@code schema_to_xml*}, {@code ts_stat}, {@code
   * crosstab}...). {@code set_config} is not among them.
   */
  DYNAMIC_SQL,
  /** {@code CREATE TEMP TABLE} or {@code SELECT ... INTO TEMP}. */
  CREATES_TEMPORARY_TABLE
}
