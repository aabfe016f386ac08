package io.dbwarden.sidecar.masking.classify;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Classifies one column from its name, its type and a sample of its values.
 *
 * <ul>
 *   <li>A name rule (such as {@code email}, {@code ssn}, {@code card_number}) decides for a column
 *       of a type that can hold such values; a sample that mostly holds another kind of sensitive
 *       value decides instead.
 *   <li>Otherwise content decides: a text column whose sampled values mostly have the shape of one
 *       kind (and pass its check digit: Luhn for cards, mod-97 for IBANs) is that kind; free text
 *       in which a good share of values contain an e-mail address, card number, SSN or secret is
 *       {@link SensitiveKind#FREE_TEXT}.
 *   <li>Types decide on their own only for {@code inet}/{@code cidr} (IP addresses).
 * </ul>
 *
 * Identifiers, amounts, timestamps and status codes match no rule: no name rule names them, and
 * their values have none of the shapes.
 */
public final class ColumnClassifier {

  /** Share of non-null sampled values a content rule must match for the whole column. */
  static final double CONTENT_THRESHOLD = 0.6;

  /** Share of free-text values that must contain personal data. */
  static final double CONTAINS_THRESHOLD = 0.2;

  /** Fewest non-null values content may decide on alone. */
  static final int MIN_SAMPLES = 3;

  private record NameRule(String rule, SensitiveKind kind, Pattern pattern, TypeClass types) {}

  /** Which column types a rule applies to. */
  private enum TypeClass {
    TEXT,
    TEXT_OR_NUMBER,
    DATE,
    INET,
    ANY_SCALAR
  }

  // Order matters: "email_address" is an e-mail, not a postal address.
  private static final List<NameRule> NAME_RULES =
      List.of(
          rule(
              "name:email",
              SensitiveKind.EMAIL,
              "(^|_)e_?mail(_?addr(ess)?)?(_|$)",
              TypeClass.TEXT),
          rule(
              "name:password",
              SensitiveKind.SECRET,
              "passw(or)?d|passwd|(^|_)pwd(_|$)|pass_?hash|password_?hash",
              TypeClass.TEXT),
          rule(
              "name:secret",
              SensitiveKind.SECRET,
              "secret|api_?key|access_?key|private_?key|(^|_)token(_|$)|auth_?token|access_?token"
                  + "|refresh_?token|credential|(^|_)otp_?seed|signing_?key|client_?secret",
              TypeClass.TEXT),
          rule(
              "name:payment-card",
              SensitiveKind.PAYMENT_CARD,
              "(credit_?|debit_?|payment_?)?card_?(number|num|no)|credit_?card|(^|_)cc_?(number|num|no)?(_|$)|(^|_)pan(_|$)",
              TypeClass.TEXT_OR_NUMBER),
          rule(
              "name:national-id",
              SensitiveKind.NATIONAL_ID,
              "(^|_)ssn(_|$)|social_?security|national_?id|(^|_)tax_?id|(^|_)tin(_|$)|passport_?(number|num|no)?"
                  + "|driver_?licen[cs]e|(^|_)nino(_|$)|(^|_)sin_?(number|no)(_|$)",
              TypeClass.TEXT_OR_NUMBER),
          rule("name:iban", SensitiveKind.IBAN, "(^|_)iban(_|$)|bank_?account", TypeClass.TEXT),
          rule(
              "name:ip-address",
              SensitiveKind.IP_ADDRESS,
              "(^|_)ip(_?addr(ess)?)?(_|$)|ip_?address|remote_?addr|client_?ip",
              TypeClass.TEXT),
          rule(
              "name:date-of-birth",
              SensitiveKind.DATE_OF_BIRTH,
              "date_?of_?birth|birth_?date|(^|_)dob(_|$)|birthday|born_?(on|at)",
              TypeClass.ANY_SCALAR),
          rule(
              "name:phone",
              SensitiveKind.PHONE,
              "phone|mobile|(^|_)cell(_|$)|telephone|(^|_)fax(_|$)|msisdn",
              TypeClass.TEXT_OR_NUMBER),
          rule(
              "name:person-name",
              SensitiveKind.PERSON_NAME,
              "(^|_)(full|first|last|middle|given|family|sur|maiden|birth|legal|display|customer|contact"
                  + "|person|patient|employee|holder|cardholder)_?name(_|$)|(^|_)(firstname|lastname|surname|fullname)(_|$)",
              TypeClass.TEXT),
          rule(
              "name:postal-address",
              SensitiveKind.POSTAL_ADDRESS,
              "street|(^|_)(home|postal|mailing|billing|shipping|residential)?_?address(_?line_?\\d?)?(_|$)|(^|_)addr_?\\d?(_|$)",
              TypeClass.TEXT));

  private static final Set<String> TEXT_TYPES =
      Set.of("text", "character varying", "character", "citext", "name", "bpchar", "varchar");
  private static final Set<String> NUMBER_TYPES =
      Set.of("bigint", "integer", "smallint", "numeric", "int", "int4", "int8", "int2");
  private static final Set<String> DATE_TYPES =
      Set.of(
          "date",
          "timestamp without time zone",
          "timestamp with time zone",
          "timestamp",
          "timestamptz");

  private ColumnClassifier() {}

  private static NameRule rule(String name, SensitiveKind kind, String regex, TypeClass types) {
    return new NameRule(name, kind, Pattern.compile(regex), types);
  }

  /**
   * @param column the column's name as stored
   * @param type the type as {@code format_type} prints it
   * @param samples non-null values of the column in text form (may be empty)
   */
  public static ColumnClassification classify(String column, String type, List<String> samples) {
    String base = baseType(type);
    String name = column.toLowerCase(Locale.ROOT);
    boolean text = TEXT_TYPES.contains(base);
    if (base.equals("inet") || base.equals("cidr")) {
      return new ColumnClassification(column, type, SensitiveKind.IP_ADDRESS, "type:" + base, 0, 0);
    }
    ContentVerdict content = text ? content(samples) : ContentVerdict.NONE;
    for (NameRule rule : NAME_RULES) {
      if (!applies(rule.types(), base) || !rule.pattern().matcher(name).find()) {
        continue;
      }
      if (content.kind != null && content.kind != rule.kind() && content.whole) {
        // the values say otherwise (an "email_token" full of JWTs): the values win
        return content.classification(column, type, samples.size());
      }
      int hits = content.kind == rule.kind() ? content.hits : 0;
      return new ColumnClassification(column, type, rule.kind(), rule.rule(), samples.size(), hits);
    }
    if (content.kind != null) {
      return content.classification(column, type, samples.size());
    }
    return ColumnClassification.harmless(column, type, samples.size());
  }

  private static boolean applies(TypeClass types, String base) {
    boolean textual = TEXT_TYPES.contains(base);
    return switch (types) {
      case TEXT -> textual;
      case TEXT_OR_NUMBER -> textual || NUMBER_TYPES.contains(base);
      case DATE -> DATE_TYPES.contains(base);
      case INET -> base.equals("inet") || base.equals("cidr");
      case ANY_SCALAR -> textual || DATE_TYPES.contains(base) || NUMBER_TYPES.contains(base);
    };
  }

  /** {@code character varying(255)} → {@code character varying}; arrays keep their brackets. */
  static String baseType(String type) {
    String t = type.toLowerCase(Locale.ROOT).strip();
    int paren = t.indexOf('(');
    if (paren >= 0) {
      int close = t.indexOf(')', paren);
      t = (t.substring(0, paren) + (close >= 0 ? t.substring(close + 1) : "")).strip();
    }
    int dot = t.lastIndexOf('.');
    if (dot >= 0 && !t.contains("\"")) {
      t = t.substring(dot + 1);
    }
    return t;
  }

  private record ContentVerdict(SensitiveKind kind, String rule, int hits, boolean whole) {
    static final ContentVerdict NONE = new ContentVerdict(null, null, 0, false);

    ColumnClassification classification(String column, String type, int sampled) {
      return new ColumnClassification(column, type, kind, rule, sampled, hits);
    }
  }

  private static ContentVerdict content(List<String> samples) {
    if (samples.size() < MIN_SAMPLES) {
      return ContentVerdict.NONE;
    }
    Map<SensitiveKind, Integer> counts = new EnumMap<>(SensitiveKind.class);
    Map<SensitiveKind, String> rules = new EnumMap<>(SensitiveKind.class);
    int contained = 0;
    for (String sample : samples) {
      ContentDetectors.Detector detector = ContentDetectors.detect(sample);
      if (detector != null) {
        counts.merge(detector.kind(), 1, Integer::sum);
        rules.putIfAbsent(detector.kind(), detector.rule());
      } else if (ContentDetectors.containedIn(sample) != null) {
        contained++;
      }
    }
    SensitiveKind best = null;
    int bestCount = 0;
    for (Map.Entry<SensitiveKind, Integer> e : counts.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    if (best != null && bestCount >= CONTENT_THRESHOLD * samples.size()) {
      return new ContentVerdict(best, rules.get(best), bestCount, true);
    }
    int any = contained + counts.values().stream().mapToInt(Integer::intValue).sum();
    if (any >= CONTAINS_THRESHOLD * samples.size()) {
      return new ContentVerdict(
          SensitiveKind.FREE_TEXT, "content:contains-personal-data", any, false);
    }
    return ContentVerdict.NONE;
  }
}
