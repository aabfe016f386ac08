package io.dbwarden.api.grant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbwarden.api.policy.OperationName;
import io.dbwarden.api.policy.SchemaLimits;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * Operations on tables a grant covers for its duration. Both lists are required: unlike a policy
 * rule, a grant never defaults to every table.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"operations", "tables"})
public class GrantScope {

  @Required
  @Size(min = 1, max = SchemaLimits.OPERATIONS)
  @SchemaFrom(type = OperationName[].class)
  @ValidationRule(
      value = "!self.exists(o, o == 'ALL') || size(self) == 1",
      message = "ALL stands alone in an operations list")
  @JsonPropertyDescription("Operation names (SELECT, INSERT, ...) or ALL.")
  private List<String> operations;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("schema.table globs, or * for every table.")
  private List<String> tables;

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
    return o instanceof GrantScope other
        && Objects.equals(operations, other.operations)
        && Objects.equals(tables, other.tables);
  }

  @Override
  public int hashCode() {
    return Objects.hash(operations, tables);
  }

  @Override
  public String toString() {
    return operations + " on " + tables;
  }
}
