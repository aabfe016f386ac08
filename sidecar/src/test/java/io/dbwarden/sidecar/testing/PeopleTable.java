package io.dbwarden.sidecar.testing;

import io.dbwarden.sidecar.demo.SampleSchema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A generated table of people, of any size, for load tests and benchmarks: {@code email}, {@code
 * ssn} and {@code card_number} are personal data by name and by content (every value has the shape,
 * and passes the checks, that classification looks for), {@code note} and {@code balance} are
 * plain. Row {@code n} holds {@link #clear(long)}, so a reader can tell which clear values each
 * masked row stands for.
 */
public final class PeopleTable {

  /** Every column, in order. */
  public static final String COLUMNS = "id, email, ssn, card_number, note, balance";

  private static final String[] NOTES = {
    "prefers weekend delivery", "gift wrap", "leave at the door", "call before delivery"
  };
  private static final int COPY_BATCH = 10_000;

  private PeopleTable() {}

  /**
   * Creates table {@code name} in the connection's database with ids 1 to {@code rows}, readable by
   * the role the proxy logs in as.
   *
   * @param superuser a superuser connection in autocommit
   */
  public static void create(Connection superuser, String name, int rows) throws SQLException {
    try (Statement s = superuser.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + name
              + " (id bigint PRIMARY KEY, email text, ssn text, card_number text, note text,"
              + " balance numeric(12, 2))");
    }
    CopyIn copy =
        superuser.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + name + " FROM STDIN");
    try {
      StringBuilder batch = new StringBuilder(COPY_BATCH * 80);
      for (long n = 1; n <= rows; n++) {
        List<String> clear = clear(n);
        batch.append(n);
        for (String value : clear) {
          batch.append('\t').append(value);
        }
        batch.append('\t').append(NOTES[(int) (n % NOTES.length)]);
        batch
            .append('\t')
            .append(n % 100_000 / 100)
            .append('.')
            .append(n % 100 / 10)
            .append(n % 10);
        batch.append('\n');
        if (n % COPY_BATCH == 0 || n == rows) {
          byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
          copy.writeToCopy(bytes, 0, bytes.length);
          batch.setLength(0);
        }
      }
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    try (Statement s = superuser.createStatement()) {
      s.execute("ANALYZE " + name);
      s.execute("GRANT SELECT ON " + name + " TO " + SampleSchema.APP_ROLE);
    }
  }

  /** Row {@code n}'s email, ssn and card number. */
  public static List<String> clear(long n) {
    String ssn = (100 + n % 500) + "-" + (10 + n % 89) + "-" + (1000 + n % 9000);
    String card = "4" + String.format("%014d", n);
    return List.of("user" + n + "@example.com", ssn, card + luhnCheckDigit(card));
  }

  /** The same, as partial masking shows them: the e-mail's initial and domain, last four digits. */
  public static List<String> masked(long n) {
    List<String> clear = clear(n);
    return List.of(
        "u***@example.com",
        "***-**-" + clear.get(1).substring(7),
        "*".repeat(12) + clear.get(2).substring(12));
  }

  /** The digit that makes {@code payload} followed by it pass the Luhn check. */
  private static int luhnCheckDigit(String payload) {
    int sum = 0;
    // counted from the right of the whole number, the check digit is first: the payload's last
    // digit is doubled, and every second one before it
    for (int i = payload.length() - 1, doubled = 1; i >= 0; i--, doubled ^= 1) {
      int d = (payload.charAt(i) - '0') << doubled;
      sum += d > 9 ? d - 9 : d;
    }
    return (10 - sum % 10) % 10;
  }
}
