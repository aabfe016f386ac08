package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code spec.rules}: which subjects may run which operations on which tables. A
 * statement is allowed when an {@code allow} rule matches it and no {@code deny} rule does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "subjects", "operations", "tables", "maxRows", "action"})
public class PermissionRule {

  @Required
  @Pattern(PolicyPatterns.RULE_NAME)
  @JsonPropertyDescription("Unique among all rules of the policy; named in refusals and audit.")
  private String name;

  @Required
  @Size(min = 1, max = SchemaLimits.SUBJECTS)
  @JsonPropertyDescription("Who the rule applies to.")
  private List<Subject> subjects;

  @Required
  @Size(min = 1, max = SchemaLimits.OPERATIONS)
  @SchemaFrom(type = OperationName[].class)
  @ValidationRule(
      value = "!self.exists(o, o == 'ALL') || size(self) == 1",
      message = "ALL stands alone in an operations list")
  @JsonPropertyDescription("Operation names (SELECT, INSERT, ...) or ALL.")
  private List<String> operations;

  @Size(min = 1)
  @JsonPropertyDescription(
      "Tables as schema.table globs with * and ?, or * for every table. Default: every table.")
  private List<String> tables = new ArrayList<>(List.of("*"));

  @Min(1)
  @JsonPropertyDescription("Most rows a statement allowed by this rule may return.")
  private Long maxRows;

  @Default("allow")
  @JsonPropertyDescription("allow or deny; a matching deny always wins.")
  private Action action = Action.ALLOW;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<Subject> getSubjects() {
    return subjects;
  }

  public void setSubjects(List<Subject> subjects) {
    this.subjects = subjects;
  }

  public List<String> getOperations() {
    return operations;
  }

  public void setOperations(List<String> operations) {
    this.operations = operations;
  }

  public List<String> getTables() {
    return tables;
  }

  public void setTables(List<String> tables) {
    this.tables = tables;
  }

  public Long getMaxRows() {
    return maxRows;
  }

  public void setMaxRows(Long maxRows) {
    this.maxRows = maxRows;
  }

  public Action getAction() {
    return action;
  }

  public void setAction(Action action) {
    this.action = action;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PermissionRule other
        && Objects.equals(name, other.name)
        && Objects.equals(subjects, other.subjects)
        && Objects.equals(operations, other.operations)
        && Objects.equals(tables, other.tables)
        && Objects.equals(maxRows, other.maxRows)
        && action == other.action;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, subjects, operations, tables, maxRows, action);
  }

  @Override
  public String toString() {
    return "PermissionRule{" + name + ": " + action + " " + operations + " on " + tables + "}";
  }
}
