package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Operations on tables that run only with an approved {@code AccessGrant}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "operations", "tables"})
public class ApprovalRule {

  @Required
  @Pattern(PolicyPatterns.RULE_NAME)
  @JsonPropertyDescription("Unique among all rules of the policy; named in refusals and audit.")
  private String name;

  @Required
  @Size(min = 1, max = SchemaLimits.OPERATIONS)
  @SchemaFrom(type = OperationName[].class)
  @ValidationRule(
      value = "!self.exists(o, o == 'ALL') || size(self) == 1",
      message = "ALL stands alone in an operations list")
  @JsonPropertyDescription("Operation names (SELECT, INSERT, ...) or ALL.")
  private List<String> operations;

  @Size(min = 1)
  @JsonPropertyDescription("schema.table globs, or * for every table. Default: every table.")
  private List<String> tables = new ArrayList<>(List.of("*"));

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
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

  @Override
  public boolean equals(Object o) {
    return o instanceof ApprovalRule other
        && Objects.equals(name, other.name)
        && Objects.equals(operations, other.operations)
        && Objects.equals(tables, other.tables);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, operations, tables);
  }

  @Override
  public String toString() {
    return "ApprovalRule{" + name + ": " + operations + " on " + tables + "}";
  }
}
