package io.dbwarden.sidecar.masking.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.sidecar.catalog.CatalogSnapshot;
import io.dbwarden.sidecar.catalog.PgCatalogLoader;
import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.testing.PostgresExtension;
import java.sql.Connection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Classification of the demo shop: every sensitive column found, no harmless one flagged. */
@ExtendWith(PostgresExtension.class)
class ClassificationIT {

  @Test
  void theDemoSchemaIsClassifiedExactly(EmbeddedPostgres postgres) throws Exception {
    Set<String> sensitive = new TreeSet<>();
    try (Connection c = postgres.connect(SampleSchema.DATABASE)) {
      CatalogSnapshot catalog = (CatalogSnapshot) PgCatalogLoader.load(c);
      for (Relation relation : catalog.relations()) {
        if (!relation.ref().schema().equals("public") || relation.kind() != Relation.Kind.TABLE) {
          continue;
        }
        TableClassification classification =
            TableClassifier.classify(
                relation, catalog.version(), TableClassifier.sample(c, relation), true);
        for (ColumnClassification column : classification.columns()) {
          if (column.sensitive()) {
            sensitive.add(relation.ref().name() + "." + column.column() + "=" + column.kind());
          }
        }
      }
    }
    assertThat(sensitive)
        .containsExactlyInAnyOrder(
            "customers.full_name=PERSON_NAME",
            "customers.email=EMAIL",
            "customers.phone=PHONE",
            "customers.card_number=PAYMENT_CARD",
            "customers.ssn=NATIONAL_ID",
            "customers.date_of_birth=DATE_OF_BIRTH",
            "customers.street_address=POSTAL_ADDRESS",
            "support_tickets.body=FREE_TEXT",
            "api_keys.secret=SECRET",
            "api_keys.aws_access_key=SECRET",
            "employees.full_name=PERSON_NAME",
            "employees.email=EMAIL",
            "employees.password_hash=SECRET");
  }
}
