package io.dbwarden.sidecar.masking.classify;

import io.dbwarden.api.policy.MaskingStrategy;

/** What a protected column holds, and how it is masked unless the policy says otherwise. */
public enum SensitiveKind {
  EMAIL("email", MaskingStrategy.PARTIAL),
  PHONE("phone", MaskingStrategy.PARTIAL),
  PAYMENT_CARD("payment-card", MaskingStrategy.PARTIAL),
  NATIONAL_ID("national-id", MaskingStrategy.PARTIAL),
  IBAN("iban", MaskingStrategy.PARTIAL),
  IP_ADDRESS("ip-address", MaskingStrategy.REDACT),
  DATE_OF_BIRTH("date-of-birth", MaskingStrategy.PARTIAL),
  PERSON_NAME("person-name", MaskingStrategy.PARTIAL),
  POSTAL_ADDRESS("postal-address", MaskingStrategy.REDACT),
  /** API keys, tokens, JWTs, cloud access keys, private keys, password hashes. */
  SECRET("secret", MaskingStrategy.REDACT),
  /** Free text in which personal data was found. */
  FREE_TEXT("free-text-with-personal-data", MaskingStrategy.REDACT),
  /** Named in the policy's {@code masking.columns}, not classified. */
  CONFIGURED("configured", MaskingStrategy.REDACT);

  private final String label;
  private final MaskingStrategy defaultStrategy;

  SensitiveKind(String label, MaskingStrategy defaultStrategy) {
    this.label = label;
    this.defaultStrategy = defaultStrategy;
  }

  /** The name used in reports and audit records. */
  public String label() {
    return label;
  }

  public MaskingStrategy defaultStrategy() {
    return defaultStrategy;
  }
}
