package io.dbwarden.sidecar.masking;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.policy.MaskingStrategy;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.masking.classify.SensitiveKind;
import io.dbwarden.sidecar.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mask expressions as the database evaluates them. */
@ExtendWith(PostgresExtension.class)
class MaskExpressionsIT {

  /**
   * The partial mask of cards, IDs, phone numbers and IBANs by its definition: every alphanumeric
   * character but the last four replaced by {@code *}, what is too short to show part of redacted.
   */
  private static final String DEFINITION =
      "CASE WHEN v IS NULL THEN NULL WHEN length(v) >= 8 THEN regexp_replace(left(v, -4),"
          + " '[[:alnum:]]', '*', 'g') || right(v, 4) ELSE '****' END";

  private static final List<String> VALUES =
      Arrays.asList(
          null,
          "4111111111111111",
          "4111 1111 1111 1111",
          "4111-1111-1111-1111",
          "123-45-6789",
          "+1 (555) 010-9999",
          "+44.20.7946.0018",
          "DE89 3704 0044 0532 0130 00",
          "GB82WEST12345698765432",
          "AB/123/456/C",
          "12345678",
          "1234567",
          "",
          // digits and letters only some locales count as alphanumeric
          "١٢٣-٤٥-٦٧٨٩",
          "１２３４-５６７８-９０１２",
          "ÉÈ-123-4567",
          "straße 1234 5678",
          "²³⁴-12-3456",
          // characters that are neither
          "12\t34\n5678 90",
          "12_34*56#78@90",
          "😀😀😀😀1234",
          "[1-2]^3$4.5678");

  @ParameterizedTest
  @ValueSource(strings = {"C", "und-x-icu"})
  void thePartialMaskOfNumbersIsItsDefinitionInEveryLocale(
      String collation, EmbeddedPostgres postgres) throws SQLException {
    String expression =
        MaskExpressions.expression(
            new ColumnMask("v", "text", SensitiveKind.NATIONAL_ID, MaskingStrategy.PARTIAL, "test"),
            "v",
            HashKey.random());
    Map<String, String> differing = new LinkedHashMap<>();
    try (Connection c = postgres.connect(SampleSchema.DATABASE);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT "
                    + expression
                    + ", "
                    + DEFINITION
                    + " FROM (VALUES (CAST(? AS text) COLLATE \""
                    + collation
                    + "\")) AS t(v)")) {
      for (String value : VALUES) {
        s.setString(1, value);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          if (!String.valueOf(rs.getString(1)).equals(String.valueOf(rs.getString(2)))) {
            differing.put(value, rs.getString(1) + " instead of " + rs.getString(2));
          }
        }
      }
    }
    assertThat(differing).isEmpty();
  }
}
