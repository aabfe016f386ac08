package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@code spec.masking}: which column values clients see masked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"auto", "exempt", "columns"})
public class Masking {

  @Default("true")
  @JsonPropertyDescription(
      "Classify columns (e-mail, phone, card numbers...) without listing them.")
  private Boolean auto = Boolean.TRUE;

  @Size(max = SchemaLimits.SUBJECTS)
  @JsonPropertyDescription("Subjects who see values unmasked.")
  private List<Subject> exempt = new ArrayList<>();

  @JsonPropertyDescription("Columns masked explicitly, with their strategy.")
  private List<MaskedColumn> columns = new ArrayList<>();

  public Boolean getAuto() {
    return auto;
  }

  public void setAuto(Boolean auto) {
    this.auto = auto;
  }

  public List<Subject> getExempt() {
    return exempt;
  }

  public void setExempt(List<Subject> exempt) {
    this.exempt = exempt;
  }

  public List<MaskedColumn> getColumns() {
    return columns;
  }

  public void setColumns(List<MaskedColumn> columns) {
    this.columns = columns;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Masking other
        && Objects.equals(auto, other.auto)
        && Objects.equals(exempt, other.exempt)
        && Objects.equals(columns, other.columns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(auto, exempt, columns);
  }

  @Override
  public String toString() {
    return "Masking{auto=" + auto + ", exempt=" + exempt + ", columns=" + columns + "}";
  }
}
