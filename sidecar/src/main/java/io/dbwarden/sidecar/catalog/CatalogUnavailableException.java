package io.dbwarden.sidecar.catalog;

/** The catalog could not be read; statements that need it are refused until it can. */
public final class CatalogUnavailableException extends RuntimeException {

  public CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
