package io.dbwarden.api.policy;

/**
 * What a statement does, as policies name it in {@code operations} lists. DDL is one operation per
 * verb ({@code CREATE}, {@code ALTER}, {@code DROP}); the object kind is a separate detail of the
 * analysis.
 */
public enum Operation {
  SELECT,
  INSERT,
  UPDATE,
  DELETE,
  MERGE,
  COPY,
  CREATE,
  ALTER,
  DROP,
  TRUNCATE,
  GRANT,
  REVOKE,
  COMMENT,
  /** {@code SET}, {@code RESET}, {@code SET ROLE}, {@code SET SESSION AUTHORIZATION}. */
  SET,
  SHOW,
  /** {@code BEGIN}, {@code COMMIT}, {@code ROLLBACK}, savepoints, {@code SET TRANSACTION}. */
  TRANSACTION,
  /** SQL-level {@code PREPARE}; judged by the statement it prepares. */
  PREPARE,
  /** SQL-level {@code EXECUTE}; judged by what was prepared. */
  EXECUTE,
  DEALLOCATE,
  EXPLAIN,
  CALL,
  DO,
  LISTEN,
  NOTIFY,
  UNLISTEN,
  LOCK,
  VACUUM,
  ANALYZE,
  REFRESH,
  DISCARD,
  /** {@code FETCH}, {@code MOVE}, {@code CLOSE} of a cursor ({@code DECLARE} is its query's). */
  CURSOR,
  /** A recognised utility statement with no finer class ({@code CHECKPOINT}, {@code LOAD}...). */
  UTILITY
}
