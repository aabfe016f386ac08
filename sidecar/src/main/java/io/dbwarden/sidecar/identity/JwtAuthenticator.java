package io.dbwarden.sidecar.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authenticates an OIDC/JWT bearer token presented as the password (<a
 * href="https://www.rfc-editor.org/rfc/rfc7519">RFC 7519</a>, signature per <a
 * href="https://www.rfc-editor.org/rfc/rfc7515">RFC 7515</a> against the issuer's <a
 * href="https://www.rfc-editor.org/rfc/rfc7517">JWKS</a>), following the <a
 * href="https://www.rfc-editor.org/rfc/rfc8725">JWT best current practices (RFC 8725)</a>:
 *
 * <ul>
 *   <li>Only RS256 and ES256 are accepted, whatever the token's header says: {@code none} and HMAC
 *       algorithms are refused, so a token "signed" with the public key as an HMAC secret
 *       (algorithm confusion) never verifies.
 *   <li>The signature is checked before any claim is looked at; then {@code exp} (required), {@code
 *       nbf}, {@code aud} (must contain the configured audience) and, when configured, {@code iss}.
 *       These checks are done here rather than by Nimbus' claims verifier so that each failure gets
 *       its own SQLSTATE and message.
 * </ul>
 *
 * <p>The identity: the first present claim of {@link JwtSettings#subjectClaims()} names a {@link
 * Identity.Kind#User}, groups come from {@link JwtSettings#groupsClaim()} (a list of strings or a
 * single string; absent means none). When the subject comes from {@code sub} and has the form
 * {@code system:serviceaccount:<namespace>:<name>} the identity is the {@link
 * Identity.Kind#ServiceAccount} {@code <namespace>/<name>}; Kubernetes' own service-account tokens
 * are verified with TokenReview elsewhere, this only names identities from issuers configured here.
 *
 * <p>Delegation (<a href="https://www.rfc-editor.org/rfc/rfc8693#section-4.1">RFC 8693 §4.1</a>):
 * in a token with an {@code act} claim, {@code sub} is the principal on whose behalf the request is
 * made and {@code act.sub} is the party acting for them. The identity's name and groups are the
 * principal's, so an agent gets exactly the permissions of the person it works for and policies
 * keep naming people; {@link Identity#actor()} is {@code act.sub}, so audit shows the agent too.
 * Only the outermost {@code act} (the current actor) is used; nested prior actors are ignored.
 *
 * <p>Errors are {@link AuthenticationException}s whose message never contains the token: {@value
 * AuthenticationException#INVALID_PASSWORD} for a token that is malformed, not validly signed,
 * signed with a refused algorithm, expired or not yet valid; {@value
 * AuthenticationException#INVALID_AUTHORIZATION_SPECIFICATION} for a valid token that does not
 * grant a login here (wrong audience or issuer, missing or malformed claims) and when the keys
 * cannot be fetched.
 *
 * <p>{@link #authenticate} may block while the JWKS URL is fetched: call it off the event loop. It
 * is thread-safe.
 */
public final class JwtAuthenticator {

  /** The only signature algorithms accepted. */
  public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private static final Set<JOSEObjectType> TYPES =
      Collections.unmodifiableSet(
          new HashSet<>(Arrays.asList(null, JOSEObjectType.JWT, new JOSEObjectType("at+jwt"))));

  private static final Pattern COMPACT_JWS =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  private static final Pattern SERVICE_ACCOUNT =
      Pattern.compile("system:serviceaccount:([^:]+):([^:]+)");

  private final JwtSettings settings;
  private final Clock clock;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /**
   * Reads the JWKS file, or prepares fetching the JWKS URL (first fetch on first use).
   *
   * @throws IOException when the JWKS file cannot be read or parsed
   * @throws IllegalArgumentException when {@code jwks} is a URL other than https
   */
  public JwtAuthenticator(JwtSettings settings) throws IOException {
    this(settings, Clock.systemUTC());
  }

  JwtAuthenticator(JwtSettings settings, Clock clock) throws IOException {
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(ALGORITHMS, keys(settings.jwks())));
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPES));
    // Claims are checked in authenticate(), after the signature, with one error per failure.
    processor.setJWTClaimsSetVerifier(null);
  }

  private static JWKSource<SecurityContext> keys(String jwks) throws IOException {
    if (jwks.startsWith("https://")) {
      try {
        // Defaults: cached for 5 minutes, refetched (rate-limited) when a key id is unknown.
        return JWKSourceBuilder.<SecurityContext>create(URI.create(jwks).toURL()).build();
      } catch (MalformedURLException | IllegalArgumentException e) {
        throw new IllegalArgumentException("jwks is not a valid URL", e);
      }
    }
    if (jwks.contains("://")) {
      throw new IllegalArgumentException("jwks must be a file path or an https:// URL");
    }
    try {
      return new ImmutableJWKSet<>(JWKSet.load(Path.of(jwks).toFile()));
    } catch (ParseException e) {
      throw new IOException(jwks + ": not a valid JWK set: " + e.getMessage(), e);
    }
  }

  /**
   * Whether a password has the shape of a compact JWS ({@code header.payload.signature} in
   * base64url), so the proxy can send it here instead of to the password check. Cheap; does not
   * decode anything.
   */
  public static boolean looksLikeJwt(String password) {
    Objects.requireNonNull(password, "password must not be null");
    return COMPACT_JWS.matcher(password).matches();
  }

  /**
   * Verifies a token and returns the identity it names, with method {@link Identity.Method#JWT}.
   */
  public Identity authenticate(String token) throws AuthenticationException {
    Objects.requireNonNull(token, "token must not be null");
    SignedJWT signed = parse(token);
    JWTClaimsSet claims;
    try {
      claims = processor.process(signed, null);
    } catch (KeySourceException e) {
      throw AuthenticationException.invalidAuthorization(
          "token signature cannot be checked: signing keys are unavailable");
    } catch (BadJOSEException | JOSEException e) {
      // Unknown key id, wrong key, bad signature: the same answer for all, it is not our token.
      throw AuthenticationException.invalidPassword("token signature is not valid");
    }
    checkTimes(claims);
    checkAudienceAndIssuer(claims);
    return identity(claims);
  }

  private static SignedJWT parse(String token) throws AuthenticationException {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw AuthenticationException.invalidPassword("password is not a valid token");
    }
    if (!(jwt instanceof SignedJWT signed)
        || !ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
      throw AuthenticationException.invalidPassword(
          "token algorithm "
              + jwt.getHeader().getAlgorithm()
              + " is not allowed; expected RS256 or ES256");
    }
    if (!TYPES.contains(signed.getHeader().getType())) {
      throw AuthenticationException.invalidPassword("token type is not allowed; expected JWT");
    }
    try {
      signed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw AuthenticationException.invalidPassword("password is not a valid token");
    }
    return signed;
  }

  private void checkTimes(JWTClaimsSet claims) throws AuthenticationException {
    Instant now = clock.instant();
    Date expiry = claims.getExpirationTime();
    if (expiry == null) {
      throw AuthenticationException.invalidAuthorization("token has no expiry (exp claim)");
    }
    if (now.minus(settings.clockSkew()).isAfter(expiry.toInstant())) {
      throw AuthenticationException.invalidPassword("token expired");
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && now.plus(settings.clockSkew()).isBefore(notBefore.toInstant())) {
      throw AuthenticationException.invalidPassword("token is not yet valid");
    }
  }

  private void checkAudienceAndIssuer(JWTClaimsSet claims) throws AuthenticationException {
    if (!claims.getAudience().contains(settings.audience())) {
      throw AuthenticationException.invalidAuthorization(
          "token audience does not include \"" + settings.audience() + "\"");
    }
    if (settings.issuer() != null && !settings.issuer().equals(claims.getIssuer())) {
      throw AuthenticationException.invalidAuthorization("token issuer is not trusted");
    }
  }

  private Identity identity(JWTClaimsSet claims) throws AuthenticationException {
    for (String claim : settings.subjectClaims()) {
      String subject = stringClaim(claims, claim);
      if (subject == null || subject.isEmpty()) {
        continue;
      }
      List<String> groups = groups(claims);
      String actor = actor(claims);
      Matcher serviceAccount = SERVICE_ACCOUNT.matcher(subject);
      if (claim.equals("sub") && serviceAccount.matches()) {
        return new Identity(
            Identity.Kind.ServiceAccount,
            serviceAccount.group(1) + "/" + serviceAccount.group(2),
            groups,
            actor,
            Identity.Method.JWT);
      }
      return new Identity(Identity.Kind.User, subject, groups, actor, Identity.Method.JWT);
    }
    throw AuthenticationException.invalidAuthorization(
        "token has no subject (" + String.join(" or ", settings.subjectClaims()) + " claim)");
  }

  private static String stringClaim(JWTClaimsSet claims, String name)
      throws AuthenticationException {
    Object value = claims.getClaim(name);
    if (value != null && !(value instanceof String)) {
      throw AuthenticationException.invalidAuthorization(
          "token claim " + name + " must be a string");
    }
    return (String) value;
  }

  private List<String> groups(JWTClaimsSet claims) throws AuthenticationException {
    Object value = claims.getClaim(settings.groupsClaim());
    if (value == null) {
      return List.of();
    }
    if (value instanceof String group) {
      return List.of(group);
    }
    if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
      List<String> groups = new ArrayList<>();
      list.forEach(group -> groups.add((String) group));
      return groups;
    }
    throw AuthenticationException.invalidAuthorization(
        "token claim " + settings.groupsClaim() + " must be a list of strings");
  }

  private static String actor(JWTClaimsSet claims) throws AuthenticationException {
    Object act = claims.getClaim("act");
    if (act == null) {
      return null;
    }
    if (act instanceof Map<?, ?> map && map.get("sub") instanceof String sub && !sub.isEmpty()) {
      return sub;
    }
    throw AuthenticationException.invalidAuthorization(
        "token claim act must be an object with a sub");
  }
}
