package io.dbwarden.sidecar.testing;

import io.dbwarden.sidecar.catalog.Catalog;
import io.dbwarden.sidecar.catalog.CatalogSnapshot;
import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An in-memory catalog modelled on the demo's {@code shop} database (see {@code
 * sample-schema.sql}), plus a view, a table with a mixed-case name, a table in a second schema and
 * a few system relations.
 */
public final class DemoCatalog {

  public static final Catalog CATALOG = build();

  private DemoCatalog() {}

  private static Catalog build() {
    List<Relation> relations = new ArrayList<>();
    relations.add(
        table(
            "public",
            "customers",
            "id bigint",
            "full_name text",
            "email text",
            "phone text",
            "card_number text",
            "ssn text",
            "date_of_birth date",
            "street_address text",
            "city text",
            "country text",
            "created_at timestamptz"));
    relations.add(
        table(
            "public",
            "orders",
            "id bigint",
            "customer_id bigint",
            "status text",
            "total_cents integer",
            "currency bpchar",
            "created_at timestamptz"));
    relations.add(
        table(
            "public",
            "order_items",
            "order_id bigint",
            "line_no integer",
            "sku text",
            "quantity integer",
            "price_cents integer"));
    relations.add(
        table(
            "public",
            "support_tickets",
            "id bigint",
            "customer_id bigint",
            "subject text",
            "body text",
            "status text",
            "created_at timestamptz"));
    relations.add(
        table(
            "public",
            "api_keys",
            "id bigint",
            "customer_id bigint",
            "label text",
            "secret text",
            "aws_access_key text",
            "created_at timestamptz",
            "last_used_at timestamptz"));
    relations.add(
        table(
            "public",
            "employees",
            "id bigint",
            "username text",
            "full_name text",
            "email text",
            "password_hash text",
            "role text"));
    relations.add(
        new Relation(
            new TableRef("public", "customer_orders"),
            Relation.Kind.VIEW,
            columns("customer_id bigint", "email text", "order_id bigint", "total_cents integer"),
            Set.of(new TableRef("public", "customers"), new TableRef("public", "orders"))));
    relations.add(table("public", "Customers", "id bigint", "Name text"));
    relations.add(table("archive", "orders", "id bigint", "customer_id bigint", "status text"));
    relations.add(table("archive", "customers", "id bigint", "email text"));
    relations.add(
        table(
            "pg_catalog",
            "pg_authid",
            "oid oid",
            "rolname name",
            "rolsuper bool",
            "rolpassword text"));
    relations.add(table("pg_catalog", "pg_class", "oid oid", "relname name", "relnamespace oid"));
    relations.add(
        table("pg_catalog", "pg_tables", "schemaname name", "tablename name", "tableowner name"));
    relations.add(
        table("pg_catalog", "pg_stat_activity", "pid integer", "usename name", "query text"));
    relations.add(table("pg_catalog", "pg_settings", "name text", "setting text"));
    relations.add(
        table(
            "information_schema",
            "columns",
            "table_schema name",
            "table_name name",
            "column_name name"));
    return new CatalogSnapshot(relations, 1);
  }

  private static Relation table(String schema, String name, String... columns) {
    return new Relation(
        new TableRef(schema, name), Relation.Kind.TABLE, columns(columns), Set.of());
  }

  private static List<Relation.Column> columns(String... definitions) {
    List<Relation.Column> columns = new ArrayList<>();
    for (String definition : definitions) {
      int space = definition.indexOf(' ');
      columns.add(
          new Relation.Column(definition.substring(0, space), definition.substring(space + 1), 0));
    }
    return columns;
  }
}
