package io.dbwarden.sidecar.sql.analysis;

/** The kind of object a DDL statement, GRANT or COMMENT acts on. */
public enum ObjectKind {
  TABLE,
  VIEW,
  MATERIALIZED_VIEW,
  INDEX,
  SEQUENCE,
  SCHEMA,
  DATABASE,
  ROLE,
  FUNCTION,
  PROCEDURE,
  TRIGGER,
  TYPE,
  DOMAIN,
  EXTENSION,
  POLICY,
  OTHER
}
