package io.dbwarden.sidecar.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dbwarden.sidecar.pg.auth.Scram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The static users file, for standalone and development use (see ARCHITECTURE.md, Identity):
 *
 * <pre>{@code
 * users:
 *   - name: alice
 *     password: "SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>"   # dbwarden hash-password
 *     groups: [analysts]
 * }</pre>
 *
 * <p>Passwords are stored only as SCRAM-SHA-256 verifiers, so the file never holds a password a
 * reader could reuse; a plain-text password is refused at load. Unknown fields are refused too, so
 * a typo cannot silently drop a setting. Every load error names the file and the path in it.
 *
 * <p>An unknown user must not be distinguishable from a wrong password: {@link #scramExchange} and
 * {@link #authenticateCleartext} run the same work against a made-up credential and fail with the
 * same message. The made-up credential's secret is derived from the file's content, so replicas
 * sharing a file give the same answers and someone who cannot read the file cannot compute it.
 */
public final class UsersFile {

  private static final List<String> ROOT_FIELDS = List.of("users");
  private static final List<String> ENTRY_FIELDS = List.of("name", "password", "groups");

  private static final YAMLMapper MAPPER =
      YAMLMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // Parse errors must not quote the file: it may hold a password by mistake.
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private final Map<String, UserEntry> users;
  private final byte[] mockSecret;

  private UsersFile(Map<String, UserEntry> users, byte[] mockSecret) {
    this.users = users;
    this.mockSecret = mockSecret;
  }

  /**
   * Reads and validates a users file.
   *
   * @throws UsersFileException when the content is invalid, naming the path in the file
   * @throws IOException when the file cannot be read
   */
  public static UsersFile load(Path file) throws IOException {
    Objects.requireNonNull(file, "file must not be null");
    return parse(Files.readAllBytes(file), file.toString());
  }

  /**
   * Validates users file content.
   *
   * @param content the YAML document
   * @param source how errors name the file
   */
  static UsersFile parse(byte[] content, String source) throws UsersFileException {
    JsonNode root;
    try {
      root = MAPPER.readTree(content);
    } catch (JsonProcessingException e) {
      throw new UsersFileException(
          source,
          "line " + e.getLocation().getLineNr(),
          "not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UsersFileException(source, "(document)", "cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new UsersFileException(source, "(document)", "must be a mapping with a 'users' list");
    }
    checkFields(root, ROOT_FIELDS, "", source);
    JsonNode list = root.get("users");
    if (list == null || !list.isArray()) {
      throw new UsersFileException(source, "users", "must be a list");
    }
    Map<String, UserEntry> users = new LinkedHashMap<>();
    Map<String, Integer> firstIndex = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "users[" + i + "]";
      UserEntry entry = entry(list.get(i), path, source);
      Integer previous = firstIndex.putIfAbsent(entry.name(), i);
      if (previous != null) {
        throw new UsersFileException(
            source,
            path + ".name",
            "duplicate user \"" + entry.name() + "\" (first at users[" + previous + "])");
      }
      users.put(entry.name(), entry);
    }
    byte[] mockSecret =
        Scram.sha256(concat("dbwarden users file\0".getBytes(StandardCharsets.UTF_8), content));
    return new UsersFile(Map.copyOf(users), mockSecret);
  }

  private static UserEntry entry(JsonNode node, String path, String source)
      throws UsersFileException {
    if (!node.isObject()) {
      throw new UsersFileException(source, path, "must be a mapping with name and password");
    }
    checkFields(node, ENTRY_FIELDS, path + ".", source);
    JsonNode name = node.get("name");
    if (name == null || !name.isTextual() || name.asText().isEmpty()) {
      throw new UsersFileException(source, path + ".name", "required, a non-empty string");
    }
    JsonNode password = node.get("password");
    if (password == null || !password.isTextual() || password.asText().isEmpty()) {
      throw new UsersFileException(
          source,
          path + ".password",
          "required, a SCRAM-SHA-256 verifier; run 'dbwarden hash-password'");
    }
    if (!ScramCredential.isVerifier(password.asText())) {
      throw new UsersFileException(
          source,
          path + ".password",
          "must be a SCRAM-SHA-256 verifier; run 'dbwarden hash-password'");
    }
    ScramCredential credential;
    try {
      credential = ScramCredential.parse(password.asText());
    } catch (IllegalArgumentException e) {
      throw new UsersFileException(source, path + ".password", e.getMessage());
    }
    return new UserEntry(name.asText(), credential, groups(node.get("groups"), path, source));
  }

  private static List<String> groups(JsonNode node, String path, String source)
      throws UsersFileException {
    List<String> groups = new ArrayList<>();
    if (node == null || node.isNull()) {
      return groups;
    }
    if (!node.isArray()) {
      throw new UsersFileException(source, path + ".groups", "must be a list of group names");
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode group = node.get(i);
      if (!group.isTextual() || group.asText().isEmpty()) {
        throw new UsersFileException(
            source, path + ".groups[" + i + "]", "must be a non-empty string");
      }
      groups.add(group.asText());
    }
    return groups;
  }

  private static void checkFields(JsonNode node, List<String> allowed, String prefix, String source)
      throws UsersFileException {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!allowed.contains(field)) {
        throw new UsersFileException(
            source, prefix + field, "unknown field; allowed: " + String.join(", ", allowed));
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] result = new byte[a.length + b.length];
    System.arraycopy(a, 0, result, 0, a.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }

  /** The user with this exact name (PostgreSQL role names are case-sensitive). */
  public Optional<UserEntry> find(String name) {
    Objects.requireNonNull(name, "name must not be null");
    return Optional.ofNullable(users.get(name));
  }

  /**
   * A SCRAM-SHA-256 exchange for the user named in the startup message: against the stored
   * credential, or, for an unknown user, against a made-up one that fails like a wrong password.
   * After {@link ScramServerExchange#handleClientFinal} succeeded, {@code find(user)} is present.
   */
  public ScramServerExchange scramExchange(String user) {
    Objects.requireNonNull(user, "user must not be null");
    UserEntry entry = users.get(user);
    return entry == null
        ? ScramServerExchange.forUnknownUser(user, mockSecret, PasswordHasher.ITERATIONS)
        : new ScramServerExchange(user, entry.credential());
  }

  /**
   * Checks a cleartext password (AuthenticationCleartextPassword, only over TLS) against a user's
   * verifier: derives StoredKey with the stored salt and iteration count and compares in constant
   * time.
   */
  public static boolean verifyCleartext(UserEntry entry, String password) {
    Objects.requireNonNull(entry, "entry must not be null");
    Objects.requireNonNull(password, "password must not be null");
    return matches(entry.credential(), password);
  }

  /**
   * Authenticates a cleartext password for the user named in the startup message. An unknown user
   * costs the same key derivation as a known one and fails with the same error as a wrong password.
   *
   * @return the identity, with method {@link Identity.Method#PASSWORD}
   * @throws AuthenticationException {@value AuthenticationException#INVALID_PASSWORD} "password
   *     authentication failed for user ..." for a wrong password or an unknown user
   */
  public Identity authenticateCleartext(String user, String password)
      throws AuthenticationException {
    Objects.requireNonNull(user, "user must not be null");
    Objects.requireNonNull(password, "password must not be null");
    UserEntry entry = users.get(user);
    if (entry == null) {
      // The same key derivation as for a known user, so the time taken does not tell them apart.
      matches(ScramCredential.mock(user, mockSecret, PasswordHasher.ITERATIONS), password);
      throw AuthenticationException.passwordFailed(user);
    }
    if (!matches(entry.credential(), password)) {
      throw AuthenticationException.passwordFailed(user);
    }
    return entry.identity(Identity.Method.PASSWORD);
  }

  private static boolean matches(ScramCredential credential, String password) {
    byte[] salted = Scram.saltedPassword(password, credential.salt(), credential.iterations());
    byte[] storedKey = Scram.storedKey(Scram.clientKey(salted));
    return MessageDigest.isEqual(storedKey, credential.storedKey());
  }
}
