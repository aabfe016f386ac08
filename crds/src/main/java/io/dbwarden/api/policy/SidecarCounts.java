package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * How many sidecars enforce the policy, and how many run its current version. A sidecar is counted
 * from the moment its pod exists, so a policy is Ready only once every selected pod's sidecar
 * acknowledged the bundle that holds the current version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"total", "inSync", "rejected", "summary"})
public class SidecarCounts {

  @JsonPropertyDescription("Sidecars the policy selects.")
  private Integer total;

  @JsonPropertyDescription("Sidecars that acknowledged the current version.")
  private Integer inSync;

  @JsonPropertyDescription("Sidecars that refused the current version and kept an older one.")
  private Integer rejected;

  @JsonPropertyDescription("inSync/total, for the In Sync column of kubectl get.")
  private String summary;

  public SidecarCounts() {}

  /** Counts with their {@code summary}. */
  public SidecarCounts(int total, int inSync, int rejected) {
    this.total = total;
    this.inSync = inSync;
    this.rejected = rejected;
    this.summary = inSync + "/" + total;
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

  public String getSummary() {
    return summary;
  }

  public void setSummary(String summary) {
    this.summary = summary;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SidecarCounts other
        && Objects.equals(total, other.total)
        && Objects.equals(inSync, other.inSync)
        && Objects.equals(rejected, other.rejected)
        && Objects.equals(summary, other.summary);
  }

  @Override
  public int hashCode() {
    return Objects.hash(total, inSync, rejected, summary);
  }

  @Override
  public String toString() {
    return "SidecarCounts{total=" + total + ", inSync=" + inSync + ", rejected=" + rejected + "}";
  }
}
