package io.dbwarden.sidecar.sql.analysis;

/**
 * Thrown inside the analysis when a statement uses something it does not understand; caught at the
 * top, where it becomes {@link StatementAnalysis#unknown()} and the statement fails closed.
 */
final class Unsupported extends RuntimeException {

  private static final long serialVersionUID = 1L;

  Unsupported(String reason) {
    super(reason, null, false, false);
  }

  /** For a syntax node the analysis does not handle: names its JSqlParser class. */
  static Unsupported node(String what, Object node) {
    return new Unsupported("unsupported " + what + ": " + node.getClass().getSimpleName());
  }
}
