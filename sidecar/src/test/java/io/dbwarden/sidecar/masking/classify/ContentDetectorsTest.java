package io.dbwarden.sidecar.masking.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentDetectorsTest {

  private static SensitiveKind kind(String value) {
    ContentDetectors.Detector d = ContentDetectors.detect(value);
    return d == null ? null : d.kind();
  }

  @Test
  void recognisesPersonalDataAndSecrets() {
    assertThat(kind("jane.doe@example.com")).isEqualTo(SensitiveKind.EMAIL);
    assertThat(kind("4111 1111 1111 1111")).isEqualTo(SensitiveKind.PAYMENT_CARD);
    assertThat(kind("4111111111111112")).isNull(); // fails the Luhn check
    assertThat(kind("123-45-6789")).isEqualTo(SensitiveKind.NATIONAL_ID);
    assertThat(kind("666-45-6789")).isNotEqualTo(SensitiveKind.NATIONAL_ID);
    assertThat(kind("GB82 WEST 1234 5698 7654 32")).isEqualTo(SensitiveKind.IBAN);
    assertThat(kind("GB83 WEST 1234 5698 7654 32")).isNull();
    assertThat(kind("192.168.1.20")).isEqualTo(SensitiveKind.IP_ADDRESS);
    assertThat(kind("2001:db8::1")).isEqualTo(SensitiveKind.IP_ADDRESS);
    assertThat(kind("+1-555-0123")).isEqualTo(SensitiveKind.PHONE);
    assertThat(kind("AKIAIOSFODNN7EXAMPLE")).isEqualTo(SensitiveKind.SECRET);
    assertThat(kind("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc_def"))
        .isEqualTo(SensitiveKind.SECRET);
    assertThat(kind("$2b$12$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQ"))
        .isEqualTo(SensitiveKind.SECRET);
    assertThat(kind("-----BEGIN RSA PRIVATE KEY-----\nMII...")).isEqualTo(SensitiveKind.SECRET);
    assertThat(kind("12 Main St")).isEqualTo(SensitiveKind.POSTAL_ADDRESS);
  }

  @Test
  void leavesHarmlessValuesAlone() {
    for (String harmless :
        List.of(
            "2024-01-01", "2024-01-01 10:00:00+00", "paid", "12345", "SKU-0123", "EUR", "1.5")) {
      assertThat(kind(harmless)).as(harmless).isNull();
    }
  }

  @Test
  void namesAndTypesDecideWithoutSamples() {
    assertThat(ColumnClassifier.classify("email", "text", List.of()).kind())
        .isEqualTo(SensitiveKind.EMAIL);
    assertThat(ColumnClassifier.classify("date_of_birth", "date", List.of()).kind())
        .isEqualTo(SensitiveKind.DATE_OF_BIRTH);
    assertThat(ColumnClassifier.classify("client", "inet", List.of()).kind())
        .isEqualTo(SensitiveKind.IP_ADDRESS);
    assertThat(ColumnClassifier.classify("total_cents", "integer", List.of()).sensitive())
        .isFalse();
    assertThat(
            ColumnClassifier.classify("created_at", "timestamp with time zone", List.of())
                .sensitive())
        .isFalse();
    assertThat(ColumnClassifier.classify("token_count", "integer", List.of()).sensitive())
        .isFalse();
  }
}
