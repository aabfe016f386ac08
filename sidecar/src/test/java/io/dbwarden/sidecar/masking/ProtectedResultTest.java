package io.dbwarden.sidecar.masking;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.policy.MaskingStrategy;
import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.masking.classify.SensitiveKind;
import io.dbwarden.sidecar.pg.protocol.backend.DataRow;
import io.dbwarden.sidecar.pg.protocol.backend.RowDescription;
import io.dbwarden.sidecar.sql.analysis.ColumnRef;
import io.dbwarden.sidecar.sql.analysis.OutputColumn;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The net behind the rewrite: what it does with each kind of result column, in text and binary
 * format, with and without a description.
 */
class ProtectedResultTest {

  private static final int CUSTOMERS_OID = 16_400;
  private static final TableRef CUSTOMERS = new TableRef("public", "customers");
  private static final int TEXT = 25;
  private static final int INT8 = 20;
  private static final int JSONB = 3802;

  private static final TableMask MASK =
      new TableMask(
          CUSTOMERS,
          List.of(
              new Relation.Column("id", "bigint", INT8, 1),
              new Relation.Column("email", "text", TEXT, 2),
              new Relation.Column("ssn", "text", TEXT, 3),
              new Relation.Column("city", "text", TEXT, 4)),
          Map.of(
              "email",
                  new ColumnMask(
                      "email", "text", SensitiveKind.EMAIL, MaskingStrategy.PARTIAL, "name:email"),
              "ssn",
                  new ColumnMask(
                      "ssn",
                      "text",
                      SensitiveKind.NATIONAL_ID,
                      MaskingStrategy.PARTIAL,
                      "name:ssn")),
          CUSTOMERS_OID);

  private final Recorded context = new Recorded();

  @Test
  void aProtectedColumnThatArrivesUnmaskedIsReplacedKeepingItsType() {
    ProtectedResult result = ProtectedResult.of(List.of(MASK), List.of(List.of()));
    RowDescription description =
        new RowDescription(
            List.of(
                field("id", CUSTOMERS_OID, 1, INT8, 0),
                field("email", CUSTOMERS_OID, 2, TEXT, 0),
                field("ssn", CUSTOMERS_OID, 3, TEXT, 1)));

    List<String> shown =
        values(result.transform(description, row("7", "bob@example.org", "900-12-3456"), context));

    assertThat(shown).containsExactly("7", "****", "****");
    assertThat(context.masked).isEqualTo(2);
    assertThat(context.columns).containsExactly("public.customers.email", "public.customers.ssn");
  }

  @Test
  void aColumnOfAnotherTableOrAnUnprotectedColumnPassesUntouched() {
    ProtectedResult result = ProtectedResult.of(List.of(MASK), List.of(List.of()));
    RowDescription description =
        new RowDescription(
            List.of(field("city", CUSTOMERS_OID, 4, TEXT, 0), field("email", 99, 2, TEXT, 0)));
    DataRow row = row("Lyon", "someone@example.org");

    DataRow shown = result.transform(description, row, context);

    assertThat(shown).isSameAs(row);
    assertThat(context.masked).isZero();
    row.release();
  }

  @Test
  void valuesOfUnknownOriginAreScannedAndReplacedWhenTheyHoldPersonalData() {
    ProtectedResult result = ProtectedResult.of(List.of(MASK), List.of(List.of()));
    RowDescription description =
        new RowDescription(
            List.of(
                field("concat", 0, 0, TEXT, 0),
                field("note", 0, 0, TEXT, 0),
                field("doc", 0, 0, JSONB, 1),
                field("count", 0, 0, INT8, 0)));

    List<String> shown =
        values(
            result.transform(
                description,
                row(
                    "Bob <bob@example.org>",
                    "ssn 900-12-3456 on file",
                    "\u0001{\"card\": \"4111 1111 1111 1111\"}",
                    "4111111111111111"),
                context));

    // jsonb in binary format keeps its version byte; an integer column is never text to scan
    assertThat(shown).containsExactly("****", "****", "\u0001\"****\"", "4111111111111111");
    assertThat(context.masked).isEqualTo(3);
  }

  @Test
  void maskedValuesKeepTheirShapeAndAreNotScannedAway() {
    ProtectedResult result = ProtectedResult.of(List.of(MASK), List.of(List.of()));
    RowDescription description =
        new RowDescription(List.of(field("email", 0, 0, TEXT, 0), field("ssn", 0, 0, TEXT, 0)));
    DataRow row = row("b***@example.org", "***-**-3456");

    assertThat(result.transform(description, row, context)).isSameAs(row);
    row.release();
  }

  @Test
  void valuesMaskedAtTheSourceAreCountedByTheirLineage() {
    List<OutputColumn> lineage =
        List.of(
            new OutputColumn("id", Set.of(new ColumnRef(CUSTOMERS, "id"))),
            new OutputColumn("upper", Set.of(new ColumnRef(CUSTOMERS, "email"))),
            new OutputColumn("ssn", Set.of(new ColumnRef(CUSTOMERS, "ssn"))));
    ProtectedResult result = ProtectedResult.of(List.of(MASK), List.of(List.of(), lineage));
    RowDescription description =
        new RowDescription(
            List.of(
                field("id", CUSTOMERS_OID, 1, INT8, 0),
                field("upper", 0, 0, TEXT, 0),
                field("ssn", 0, 0, TEXT, 0)));
    context.statement = 1;

    DataRow first = row("1", "B***@EXAMPLE.ORG", null);
    DataRow second = row("2", "C***@EXAMPLE.ORG", "***-**-1111");
    assertThat(result.transform(description, first, context)).isSameAs(first);
    assertThat(result.transform(description, second, context)).isSameAs(second);

    // a NULL is not a masked value
    assertThat(context.masked).isEqualTo(3);
    assertThat(context.columns).containsExactly("public.customers.email", "public.customers.ssn");
    first.release();
    second.release();
  }

  @Test
  void aColumnMadeOfMaskedValuesAloneIsNotTakenForASecretButOneWithAClearSourceIs() {
    List<OutputColumn> lineage =
        List.of(
            new OutputColumn("email", Set.of(new ColumnRef(CUSTOMERS, "email"))),
            new OutputColumn(
                "label",
                Set.of(new ColumnRef(CUSTOMERS, "email"), new ColumnRef(CUSTOMERS, "city"))));
    ProtectedResult result = ProtectedResult.of(List.of(MASK), List.of(List.of(), lineage));
    RowDescription description =
        new RowDescription(List.of(field("email", 0, 0, TEXT, 0), field("label", 0, 0, TEXT, 0)));
    context.statement = 1;
    // A hash mask's 32 hex digits can hold what a detector takes for a card number.
    String hashed = "4111111111111111a69039154005af76";

    List<String> shown = values(result.transform(description, row(hashed, hashed), context));

    assertThat(shown).containsExactly(hashed, "****");
  }

  @Test
  void withoutADescriptionEveryValueIsScanned() {
    ProtectedResult result = ProtectedResult.of(List.of(MASK), List.of(List.of()));

    List<String> shown = values(result.transform(null, row("42", "bob@example.org"), context));

    assertThat(shown).containsExactly("42", null);
    assertThat(context.masked).isEqualTo(1);
  }

  private static RowDescription.Field field(
      String name, int tableOid, int column, int type, int format) {
    return new RowDescription.Field(
        name, tableOid, (short) column, type, (short) -1, -1, (short) format);
  }

  private static DataRow row(String... values) {
    List<ByteBuf> columns = new ArrayList<>();
    for (String value : values) {
      columns.add(
          value == null ? null : Unpooled.wrappedBuffer(value.getBytes(StandardCharsets.UTF_8)));
    }
    return DataRow.of(UnpooledByteBufAllocator.DEFAULT, columns);
  }

  private static List<String> values(DataRow row) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < row.columnCount(); i++) {
      ByteBuf value = row.column(i);
      values.add(value == null ? null : value.toString(StandardCharsets.UTF_8));
    }
    row.release();
    return values;
  }

  private static final class Recorded implements RowTransformer.Context {
    long masked;
    int statement;
    final Set<String> columns = new LinkedHashSet<>();

    @Override
    public ByteBufAllocator alloc() {
      return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    public void masked(long values) {
      masked += values;
    }

    @Override
    public void maskedColumn(String column) {
      columns.add(column);
    }

    @Override
    public int statement() {
      return statement;
    }
  }
}
