package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a protected column's values reach the client. */
public enum MaskingStrategy {
  /** Replaced by a fixed marker. */
  @JsonProperty("redact")
  REDACT,
  /** Partly shown, e.g. the domain of an e-mail address or the last digits of a card number. */
  @JsonProperty("partial")
  PARTIAL,
  /** A stable hash: joins and counts still work, values stay hidden. */
  @JsonProperty("hash")
  HASH,
  /**
   * SQL {@code NULL}. In YAML write it quoted ({@code "null"}): a bare {@code null} is no value at
   * all.
   */
  @JsonProperty("null")
  NULL,
  /** Not masked, e.g. to exempt a column automatic classification would protect. */
  @JsonProperty("none")
  NONE
}
