package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** How many sidecars enforce the policy, and how many run its current version. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"total", "inSync", "rejected"})
public class SidecarCounts {

  @JsonPropertyDescription("Sidecars the policy selects.")
  private Integer total;

  @JsonPropertyDescription("Sidecars that acknowledged the current version.")
  private Integer inSync;

  @JsonPropertyDescription("Sidecars that refused the current version and kept an older one.")
  private Integer rejected;

  public SidecarCounts() {}

  public SidecarCounts(Integer total, Integer inSync, Integer rejected) {
    this.total = total;
    this.inSync = inSync;
    this.rejected = rejected;
  }

  public Integer getTotal() {
    return total;
  }

  public void setTotal(Integer total) {
    this.total = total;
  }

  public Integer getInSync() {
    return inSync;
  }

  public void setInSync(Integer inSync) {
    this.inSync = inSync;
  }

  public Integer getRejected() {
    return rejected;
  }

  public void setRejected(Integer rejected) {
    this.rejected = rejected;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SidecarCounts other
        && Objects.equals(total, other.total)
        && Objects.equals(inSync, other.inSync)
        && Objects.equals(rejected, other.rejected);
  }

  @Override
  public int hashCode() {
    return Objects.hash(total, inSync, rejected);
  }

  @Override
  public String toString() {
    return "SidecarCounts{total=" + total + ", inSync=" + inSync + ", rejected=" + rejected + "}";
  }
}
