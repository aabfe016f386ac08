package io.dbwarden.api.grant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** One use of an approved grant, as a sidecar reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"at", "pod", "rows", "sqlstate"})
public class Execution {

  @JsonPropertyDescription("When it ran (RFC 3339).")
  private String at;

  @JsonPropertyDescription("The pod whose sidecar ran it, namespace/name.")
  private String pod;

  @JsonPropertyDescription("Rows returned or affected.")
  private Long rows;

  @JsonPropertyDescription("The SQLSTATE of an error; absent on success.")
  private String sqlstate;

  public Execution() {}

  public Execution(String at, String pod, Long rows, String sqlstate) {
    this.at = at;
    this.pod = pod;
    this.rows = rows;
    this.sqlstate = sqlstate;
  }

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public Long getRows() {
    return rows;
  }

  public void setRows(Long rows) {
    this.rows = rows;
  }

  public String getSqlstate() {
    return sqlstate;
  }

  public void setSqlstate(String sqlstate) {
    this.sqlstate = sqlstate;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Execution other
        && Objects.equals(at, other.at)
        && Objects.equals(pod, other.pod)
        && Objects.equals(rows, other.rows)
        && Objects.equals(sqlstate, other.sqlstate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(at, pod, rows, sqlstate);
  }

  @Override
  public String toString() {
    return "Execution{at="
        + at
        + ", pod="
        + pod
        + ", rows="
        + rows
        + ", sqlstate="
        + sqlstate
        + "}";
  }
}
