/**
 * The database's relations and columns as the proxy knows them: a {@link
 * io.dbwarden.sidecar.catalog.Catalog} interface, an immutable {@link
 * io.dbwarden.sidecar.catalog.CatalogSnapshot}, and {@link
 * io.dbwarden.sidecar.catalog.PgCatalogLoader}, which reads one from PostgreSQL's system catalogs.
 */
package io.dbwarden.sidecar.catalog;
