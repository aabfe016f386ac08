package io.dbwarden.sidecar.masking.classify;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognisers for sensitive values: each looks at one value and says whether it has the shape (and,
 * where one exists, passes the check digit) of a kind of personal data or secret. Used on sampled
 * column values and by the response-side safety net on values of unknown origin.
 */
public final class ContentDetectors {

  /** One recogniser: a rule name for the evidence, the kind it finds, and the test. */
  public record Detector(String rule, SensitiveKind kind, Predicate<String> test) {}

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24}");
  private static final Pattern SSN = Pattern.compile("(\\d{3})-(\\d{2})-(\\d{4})");
  private static final Pattern CARD = Pattern.compile("\\d(?:[ -]?\\d){12,18}");
  private static final Pattern IBAN_SHAPE = Pattern.compile("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}");
  private static final Pattern PHONE = Pattern.compile("\\+?\\(?\\d[\\d ().-]{5,20}\\d");
  private static final Pattern DATE = Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}");
  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");
  private static final Pattern AWS_KEY = Pattern.compile("(AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}");
  private static final Pattern API_KEY =
      Pattern.compile(
          "(sk|pk|rk)_(live|test)_[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{30,}"
              + "|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|glpat-[A-Za-z0-9_-]{20,}");
  private static final Pattern PASSWORD_HASH =
      Pattern.compile(
          "\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9+=]{20,}|\\$argon2(id|i|d)\\$.+|\\$scrypt\\$.+"
              + "|\\$7\\$.+|\\$[56]\\$[^$]{1,16}\\$.+|\\$pbkdf2[-_a-z0-9]*\\$.+"
              + "|SCRAM-SHA-256\\$.+|md5[0-9a-f]{32}");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)(/\\d{1,2})?");
  private static final Pattern IPV6 =
      Pattern.compile("[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}(/\\d{1,3})?");
  private static final Pattern STREET =
      Pattern.compile(
          "\\d{1,6}[A-Za-z]?\\s+[\\p{L} .'-]{2,60}\\s(st|street|ave|avenue|rd|road|blvd|boulevard"
              + "|ln|lane|dr|drive|way|ct|court|pl|place|sq|square|weg|strasse|straße|str)\\.?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern STREET_PREFIX =
      Pattern.compile(
          "\\d{1,6}\\s+(rue|avenue|calle|via|boulevard|chemin|rua)\\s+[\\p{L} .'-]{2,60}",
          Pattern.CASE_INSENSITIVE);

  /** In order of precedence: the first that matches a value names its kind. */
  private static final List<Detector> WHOLE_VALUE =
      List.of(
          new Detector("content:private-key", SensitiveKind.SECRET, ContentDetectors::privateKey),
          new Detector("content:jwt", SensitiveKind.SECRET, v -> JWT.matcher(v).matches()),
          new Detector(
              "content:cloud-access-key", SensitiveKind.SECRET, v -> AWS_KEY.matcher(v).matches()),
          new Detector("content:api-key", SensitiveKind.SECRET, v -> API_KEY.matcher(v).matches()),
          new Detector(
              "content:password-hash",
              SensitiveKind.SECRET,
              v -> PASSWORD_HASH.matcher(v).matches()),
          new Detector("content:email", SensitiveKind.EMAIL, v -> EMAIL.matcher(v).matches()),
          new Detector("content:luhn", SensitiveKind.PAYMENT_CARD, ContentDetectors::card),
          new Detector("content:us-ssn", SensitiveKind.NATIONAL_ID, ContentDetectors::ssn),
          new Detector("content:iban", SensitiveKind.IBAN, ContentDetectors::iban),
          new Detector("content:ip-address", SensitiveKind.IP_ADDRESS, ContentDetectors::ip),
          new Detector("content:phone", SensitiveKind.PHONE, ContentDetectors::phone),
          new Detector(
              "content:postal-address", SensitiveKind.POSTAL_ADDRESS, ContentDetectors::street));

  private ContentDetectors() {}

  /** The detectors that test whole values, in order of precedence. */
  public static List<Detector> wholeValue() {
    return WHOLE_VALUE;
  }

  /** The first detector that recognises the whole value, or null. */
  public static Detector detect(String value) {
    String v = value.strip();
    if (v.isEmpty() || v.length() > 4096) {
      return null;
    }
    for (Detector detector : WHOLE_VALUE) {
      if (detector.test().test(v)) {
        return detector;
      }
    }
    return null;
  }

  /**
   * Whether free text contains a value that is personal data or a secret on its own: an e-mail
   * address, a Luhn-valid card number, a US SSN, a JWT, a cloud access key, an API key or a private
   * key.
   */
  public static SensitiveKind containedIn(String text) {
    if (text.length() > 65_536) {
      text = text.substring(0, 65_536);
    }
    if (text.contains("PRIVATE KEY-----")) {
      return SensitiveKind.SECRET;
    }
    if (find(JWT, text) || find(AWS_KEY, text) || find(API_KEY, text)) {
      return SensitiveKind.SECRET;
    }
    if (find(EMAIL, text)) {
      return SensitiveKind.EMAIL;
    }
    Matcher cards = CARD.matcher(text);
    while (cards.find()) {
      if (card(cards.group())) {
        return SensitiveKind.PAYMENT_CARD;
      }
    }
    Matcher ssns = SSN.matcher(text);
    while (ssns.find()) {
      if (boundary(text, ssns.start(), ssns.end()) && ssn(ssns.group())) {
        return SensitiveKind.NATIONAL_ID;
      }
    }
    return null;
  }

  private static boolean find(Pattern pattern, String text) {
    return pattern.matcher(text).find();
  }

  private static boolean boundary(String text, int start, int end) {
    return (start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1)))
        && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
  }

  static boolean privateKey(String v) {
    return v.startsWith("-----BEGIN ") && v.contains("PRIVATE KEY-----");
  }

  /** 13 to 19 digits, optionally grouped by spaces or dashes, passing the Luhn check. */
  static boolean card(String v) {
    if (!CARD.matcher(v).matches()) {
      return false;
    }
    String digits = v.replace(" ", "").replace("-", "");
    if (digits.chars().distinct().count() == 1) {
      return false;
    }
    return luhn(digits);
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /** {@code AAA-GG-SSSS} with a non-zero area, group and serial, and an area other than 666. */
  static boolean ssn(String v) {
    Matcher m = SSN.matcher(v);
    if (!m.matches()) {
      return false;
    }
    return !m.group(1).equals("000")
        && !m.group(1).equals("666")
        && !m.group(2).equals("00")
        && !m.group(3).equals("0000");
  }

  /** An IBAN: country code, check digits, account, passing ISO 13616's mod-97 check. */
  static boolean iban(String v) {
    String compact = v.replace(" ", "").toUpperCase(Locale.ROOT);
    if (!IBAN_SHAPE.matcher(compact).matches()) {
      return false;
    }
    String rearranged = compact.substring(4) + compact.substring(0, 4);
    StringBuilder numeric = new StringBuilder(rearranged.length() * 2);
    for (char c : rearranged.toCharArray()) {
      numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  static boolean ip(String v) {
    if (IPV4.matcher(v).matches()) {
      return true;
    }
    return v.indexOf(':') >= 0
        && v.chars().filter(c -> c == ':').count() >= 2
        && IPV6.matcher(v).matches()
        && v.chars().anyMatch(Character::isLetterOrDigit);
  }

  /** 7 to 15 digits written as a phone number: with a leading +, or grouped by separators. */
  static boolean phone(String v) {
    if (!PHONE.matcher(v).matches() || DATE.matcher(v).lookingAt()) {
      return false;
    }
    long digits = v.chars().filter(Character::isDigit).count();
    if (digits < 7 || digits > 15) {
      return false;
    }
    boolean separated = v.chars().anyMatch(c -> c == ' ' || c == '-' || c == '(' || c == '.');
    return v.startsWith("+") || separated;
  }

  static boolean street(String v) {
    return STREET.matcher(v).lookingAt()
        || STREET_PREFIX.matcher(v).lookingAt()
        || STREET.matcher(v).matches();
  }
}
