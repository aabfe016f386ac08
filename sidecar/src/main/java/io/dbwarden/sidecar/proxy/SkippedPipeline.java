package io.dbwarden.sidecar.proxy;

import java.util.HashMap;
import java.util.Map;

/**
 * The rest of an extended-protocol pipeline after an error: the server skips every message up to
 * the next Sync and answers none of them (<a
 * href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY">Extended
 * Query</a>). The proxy skips them too, so that the responses it expects stay in step with the
 * server's, and still records every statement the client ran in them, as not executed.
 *
 * <p>A skipped Parse or Bind creates nothing on the server, so what they would have created is kept
 * here, apart from the session's statements and portals, for the records of the skipped Executes
 * that use them; it is gone at Sync.
 */
final class SkippedPipeline {

  private final String sqlState;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();

  /**
   * @param sqlState the SQLSTATE of the failure the pipeline stopped at
   */
  SkippedPipeline(String sqlState) {
    this.sqlState = sqlState;
  }

  String sqlState() {
    return sqlState;
  }

  void parsed(String name, PreparedStatement statement) {
    statements.put(name, statement);
  }

  void bound(String name, Portal portal) {
    portals.put(name, portal);
  }

  /** The statement a skipped Bind names: one parsed in the skipped part, else the session's. */
  PreparedStatement statement(String name, Map<String, PreparedStatement> session) {
    PreparedStatement skipped = statements.get(name);
    return skipped != null ? skipped : session.get(name);
  }

  /** The portal a skipped Execute names: one bound in the skipped part, else the session's. */
  Portal portal(String name, Map<String, Portal> session) {
    Portal skipped = portals.get(name);
    return skipped != null ? skipped : session.get(name);
  }
}
