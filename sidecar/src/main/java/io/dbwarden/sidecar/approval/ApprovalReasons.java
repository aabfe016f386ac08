package io.dbwarden.sidecar.approval;

import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import io.dbwarden.sidecar.sql.lexer.Token;
import java.util.Locale;

/**
 * The reason a requester gives for a statement, in a comment before it: {@code /* reason: erasure
 * request 123 *}{@code /} or {@code -- reason: ...}.
 */
public final class ApprovalReasons {

  private static final int LONGEST = 500;

  private ApprovalReasons() {}

  /** The reason, or null when the statement does not start with one. */
  public static String of(LexedStatement statement) {
    for (Token token : statement.tokens()) {
      if (!token.kind().isComment()) {
        return null;
      }
      String body = commentBody(token.value());
      if (body.toLowerCase(Locale.ROOT).startsWith("reason:")) {
        String reason = body.substring("reason:".length()).strip();
        return reason.isEmpty() ? null : reason.substring(0, Math.min(reason.length(), LONGEST));
      }
    }
    return null;
  }

  private static String commentBody(String comment) {
    String body = comment.startsWith("--") ? comment.substring(2) : comment;
    if (body.startsWith("/*") && body.endsWith("*/") && body.length() >= 4) {
      body = body.substring(2, body.length() - 2);
    }
    return body.strip();
  }
}
