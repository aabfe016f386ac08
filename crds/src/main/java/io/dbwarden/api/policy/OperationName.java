package io.dbwarden.api.policy;

/**
 * The values an {@code operations} list may hold: every {@link Operation} and {@link
 * Operations#ALL}. Used only to give the CRD schema an enum for the list's items (through
 * {@code @SchemaFrom}), since the lists themselves stay lists of strings for the validator to
 * report unknown names with a suggestion; a test keeps it in step with {@link Operation}.
 */
public enum OperationName {
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
  SET,
  SHOW,
  TRANSACTION,
  PREPARE,
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
  CURSOR,
  UTILITY,
  ALL
}
