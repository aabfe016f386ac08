package io.dbwarden.sidecar.identity;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link JwtAuthenticator} checks tokens presented as the password. A null optional component
 * takes its default, so the record binds directly from configuration.
 *
 * @param jwks where the issuer's signing keys are: a JWKS file path, or an {@code https://} URL
 *     (fetched, cached and refreshed when an unknown key id appears)
 * @param audience the audience ({@code aud}) a token must be issued for, so a token minted for
 *     another application is not accepted here; required
 * @param issuer the issuer ({@code iss}) a token must have, or null to accept any issuer whose keys
 *     are in {@code jwks}
 * @param subjectClaims the claims that name the user, the first present one wins; default {@code
 *     [email, sub]}
 * @param groupsClaim the claim holding the user's groups; default {@code groups}
 * @param clockSkew how far clocks may disagree when checking {@code exp} and {@code nbf}; default
 *     30 seconds
 */
public record JwtSettings(
    String jwks,
    String audience,
    String issuer,
    List<String> subjectClaims,
    String groupsClaim,
    Duration clockSkew) {

  public static final List<String> DEFAULT_SUBJECT_CLAIMS = List.of("email", "sub");
  public static final String DEFAULT_GROUPS_CLAIM = "groups";
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  public JwtSettings {
    Objects.requireNonNull(jwks, "jwks must not be null");
    Objects.requireNonNull(audience, "audience must not be null");
    if (jwks.isBlank()) {
      throw new IllegalArgumentException("jwks must not be blank");
    }
    if (audience.isBlank()) {
      throw new IllegalArgumentException("audience must not be blank");
    }
    subjectClaims = subjectClaims == null ? DEFAULT_SUBJECT_CLAIMS : List.copyOf(subjectClaims);
    if (subjectClaims.isEmpty()) {
      throw new IllegalArgumentException("subjectClaims must not be empty");
    }
    groupsClaim = groupsClaim == null ? DEFAULT_GROUPS_CLAIM : groupsClaim;
    clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("clockSkew must not be negative");
    }
  }

  /** Settings with the required values and every default. */
  public static JwtSettings of(String jwks, String audience) {
    return new JwtSettings(jwks, audience, null, null, null, null);
  }
}
