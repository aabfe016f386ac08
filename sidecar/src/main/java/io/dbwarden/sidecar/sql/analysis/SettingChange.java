package io.dbwarden.sidecar.sql.analysis;

import java.util.Objects;

/**
 * What a {@code SET} or {@code RESET} statement changes, so that a caller can follow the session's
 * state ({@code search_path}, {@code role}...) before the server confirms it. Obtained with {@link
 * SettingChanges#of(String)}.
 *
 * @param name the parameter, lower-case: {@code search_path}, {@code role}, {@code
 *     session_authorization}, {@code timezone} ({@code SET TIME ZONE}), {@code client_encoding}
 *     ({@code SET NAMES}), {@code xmloption}, or {@code all} for {@code RESET ALL}
 * @param value the new value exactly as written ({@code "$user", public}, {@code 'UTC'}, {@code
 *     admin}, {@code NONE}); null when the parameter returns to its default ({@code RESET}, {@code
 *     TO DEFAULT}, {@code SET SESSION AUTHORIZATION DEFAULT}, {@code SET TIME ZONE LOCAL})
 * @param local {@code SET LOCAL}: the change ends with the transaction
 */
public record SettingChange(String name, String value, boolean local) {

  public SettingChange {
    Objects.requireNonNull(name, "name must not be null");
  }

  /** Whether the parameter returns to its default value. */
  public boolean isReset() {
    return value == null;
  }
}
