package io.dbwarden.sidecar.policy;

import io.dbwarden.api.audit.AuditEvent.ColumnLineage;
import io.dbwarden.sidecar.sql.analysis.ColumnRef;
import io.dbwarden.sidecar.sql.analysis.StatementAnalysis;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import io.dbwarden.sidecar.sql.lexer.Token;
import io.dbwarden.sidecar.sql.lexer.TokenKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Collects the audit facts of one Query or Parse as its statements are analysed: for the Query as a
 * whole, and for each of its statements.
 */
final class QueryFacts {

  private final List<LexedStatement> statements;
  private final String policyVersion;
  private final boolean includeParameters;
  private final Part whole = new Part();
  private final List<Part> parts = new ArrayList<>();

  /** What is known of one statement (or of the whole Query). */
  private static final class Part {
    final List<String> operations = new ArrayList<>();
    final Set<TableRef> tablesRead = new TreeSet<>();
    final Set<TableRef> tablesWritten = new TreeSet<>();
    final Set<ColumnRef> columnsRead = new TreeSet<>();
    final Set<ColumnRef> columnsWritten = new TreeSet<>();
    final Set<String> rules = new LinkedHashSet<>();
    List<ColumnLineage> lineage = List.of();

    void analysed(StatementAnalysis analysis) {
      operations.add(analysis.operation().name());
      if (!analysis.lineage().isEmpty()) {
        lineage =
            analysis.lineage().stream()
                .map(
                    column ->
                        new ColumnLineage(
                            column.name(),
                            column.sources().stream().sorted().map(ColumnRef::toString).toList()))
                .toList();
      }
      add(analysis);
      if (analysis.inner() != null) {
        add(analysis.inner());
      }
    }

    private void add(StatementAnalysis a) {
      tablesRead.addAll(a.tablesRead());
      tablesWritten.addAll(a.tablesWritten());
      columnsRead.addAll(a.columnsRead());
      columnsWritten.addAll(a.columnsWritten());
    }

    StatementFacts facts(
        String text,
        String fingerprint,
        String policyVersion,
        Map<String, String> parameters,
        List<StatementFacts> statements) {
      return new StatementFacts(
          text,
          fingerprint,
          operations.isEmpty() ? null : String.join(",", operations),
          names(tablesRead),
          names(tablesWritten),
          names(columnsRead),
          names(columnsWritten),
          lineage,
          policyVersion,
          rules.isEmpty() ? null : String.join(",", rules),
          parameters,
          statements);
    }
  }

  /**
   * @param includeParameters whether the facts carry the literals' values
   */
  QueryFacts(List<LexedStatement> statements, String policyVersion, boolean includeParameters) {
    this.statements = statements;
    this.policyVersion = policyVersion;
    this.includeParameters = includeParameters;
    for (int i = 0; i < statements.size(); i++) {
      parts.add(new Part());
    }
  }

  /** Facts for something that has no redactable text: only a description is recorded. */
  static StatementFacts opaque(String description, String policyVersion) {
    return new StatementFacts(
        "(" + description + ")",
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        policyVersion);
  }

  /** The statement at {@code index} was analysed (called again for what an EXECUTE runs). */
  void analysed(int index, StatementAnalysis analysis) {
    whole.analysed(analysis);
    parts.get(index).analysed(analysis);
  }

  /** The statement at {@code index} was allowed by these rules. */
  void allowedBy(int index, String rule) {
    if (rule != null) {
      whole.rules.add(rule);
      parts.get(index).rules.add(rule);
    }
  }

  /** The rules that allowed the statements, or null. */
  String rules() {
    return whole.rules.isEmpty() ? null : String.join(",", whole.rules);
  }

  StatementFacts facts() {
    List<StatementFacts> each = new ArrayList<>();
    if (statements.size() > 1) {
      for (int i = 0; i < statements.size(); i++) {
        LexedStatement statement = statements.get(i);
        each.add(
            parts
                .get(i)
                .facts(
                    statement.redacted(),
                    statement.fingerprint(),
                    policyVersion,
                    parameters(statement),
                    List.of()));
      }
    }
    Map<String, String> parameters = null;
    if (includeParameters) {
      parameters = new LinkedHashMap<>();
      for (LexedStatement statement : statements) {
        parameters.putAll(parameters(statement));
      }
    }
    return whole.facts(
        statements.stream().map(LexedStatement::redacted).collect(Collectors.joining(";\n")),
        statements.stream().map(LexedStatement::fingerprint).collect(Collectors.joining("+")),
        policyVersion,
        parameters,
        each);
  }

  /** The literals by their placeholders, numbered after the statement's highest {@code $n}. */
  private Map<String, String> parameters(LexedStatement statement) {
    if (!includeParameters) {
      return null;
    }
    int highest = 0;
    for (Token token : statement.tokens()) {
      if (token.kind() == TokenKind.PARAMETER) {
        highest = Math.max(highest, parameterNumber(token.value()));
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String literal : statement.literals()) {
      values.put("$" + (++highest), literal);
    }
    return values;
  }

  private static int parameterNumber(String value) {
    String digits = value.startsWith("$") ? value.substring(1) : value;
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static List<String> names(Set<?> refs) {
    return refs.stream().map(Object::toString).toList();
  }
}
