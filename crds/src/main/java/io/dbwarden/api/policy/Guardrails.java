package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@code spec.guardrails}: statements blocked whoever runs them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"preset", "rules"})
public class Guardrails {

  @Default("default")
  @JsonPropertyDescription("default, strict or none.")
  private GuardrailPreset preset = GuardrailPreset.DEFAULT;

  @Size(max = SchemaLimits.RULES)
  @JsonPropertyDescription("Guardrails on top of the preset.")
  private List<GuardrailRule> rules = new ArrayList<>();

  public GuardrailPreset getPreset() {
    return preset;
  }

  public void setPreset(GuardrailPreset preset) {
    this.preset = preset;
  }

  public List<GuardrailRule> getRules() {
    return rules;
  }

  public void setRules(List<GuardrailRule> rules) {
    this.rules = rules;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Guardrails other
        && preset == other.preset
        && Objects.equals(rules, other.rules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(preset, rules);
  }

  @Override
  public String toString() {
    return "Guardrails{preset=" + preset + ", rules=" + rules + "}";
  }
}
