package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A column masked by name, whatever automatic classification thinks of it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "strategy"})
public class MaskedColumn {

  @Required
  @Pattern(PolicyPatterns.COLUMN)
  @JsonPropertyDescription("schema.table.column")
  private String name;

  // Redact by default: a column listed without a strategy is one somebody wanted hidden.
  @Default("redact")
  @JsonPropertyDescription("redact, partial, hash, null or none.")
  private MaskingStrategy strategy = MaskingStrategy.REDACT;

  public MaskedColumn() {}

  public MaskedColumn(String name, MaskingStrategy strategy) {
    this.name = name;
    this.strategy = strategy;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public MaskingStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(MaskingStrategy strategy) {
    this.strategy = strategy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskedColumn other
        && Objects.equals(name, other.name)
        && strategy == other.strategy;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, strategy);
  }

  @Override
  public String toString() {
    return name + "=" + strategy;
  }
}
