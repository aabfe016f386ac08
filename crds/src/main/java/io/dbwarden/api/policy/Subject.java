package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * An identity a rule applies to: a user or group from an OIDC token, or a workload's service
 * account written {@code namespace/name}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind", "name"})
@ValidationRule(
    value =
        "self.kind != 'ServiceAccount' || self.name.matches('"
            + PolicyPatterns.SERVICE_ACCOUNT
            + "')",
    message = "a ServiceAccount subject is named namespace/name")
public class Subject {

  @Required
  @JsonPropertyDescription("User, Group or ServiceAccount.")
  private SubjectKind kind;

  @Required
  @Size(min = 1, max = SchemaLimits.SUBJECT_NAME)
  @JsonPropertyDescription(
      "The user or group name as the token carries it; for a ServiceAccount, namespace/name.")
  private String name;

  public Subject() {}

  public Subject(SubjectKind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public SubjectKind getKind() {
    return kind;
  }

  public void setKind(SubjectKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Subject other && kind == other.kind && Objects.equals(name, other.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name);
  }

  @Override
  public String toString() {
    return kind + " " + name;
  }
}
