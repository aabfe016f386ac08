package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import java.util.Objects;

/**
 * {@code spec.failOpen}: classes of statements the proxy cannot judge with certainty and so
 * refuses, unless the policy lets them through here. Every switch is off by default (fail closed);
 * a statement let through this way is still audited.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"unparseable", "unsupported", "functionCall", "doBlocks", "call", "dynamicSql"})
public class FailOpen {

  @Default("false")
  @JsonPropertyDescription("Statements the parser cannot read, or not before its deadline.")
  private Boolean unparseable = Boolean.FALSE;

  @Default("false")
  @JsonPropertyDescription("Statements or protocol messages the analysis does not cover.")
  private Boolean unsupported = Boolean.FALSE;

  @Default("false")
  @JsonPropertyDescription("Calls of functions whose effects are unknown, including FunctionCall.")
  private Boolean functionCall = Boolean.FALSE;

  @Default("false")
  @JsonPropertyDescription("Anonymous code blocks (DO).")
  private Boolean doBlocks = Boolean.FALSE;

  @Default("false")
  @JsonPropertyDescription("Procedure calls (CALL).")
  private Boolean call = Boolean.FALSE;

  @Default("false")
  @JsonPropertyDescription("SQL built at run time inside the database (EXECUTE of a string).")
  private Boolean dynamicSql = Boolean.FALSE;

  public Boolean getUnparseable() {
    return unparseable;
  }

  public void setUnparseable(Boolean unparseable) {
    this.unparseable = unparseable;
  }

  public Boolean getUnsupported() {
    return unsupported;
  }

  public void setUnsupported(Boolean unsupported) {
    this.unsupported = unsupported;
  }

  public Boolean getFunctionCall() {
    return functionCall;
  }

  public void setFunctionCall(Boolean functionCall) {
    this.functionCall = functionCall;
  }

  public Boolean getDoBlocks() {
    return doBlocks;
  }

  public void setDoBlocks(Boolean doBlocks) {
    this.doBlocks = doBlocks;
  }

  public Boolean getCall() {
    return call;
  }

  public void setCall(Boolean call) {
    this.call = call;
  }

  public Boolean getDynamicSql() {
    return dynamicSql;
  }

  public void setDynamicSql(Boolean dynamicSql) {
    this.dynamicSql = dynamicSql;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailOpen other
        && Objects.equals(unparseable, other.unparseable)
        && Objects.equals(unsupported, other.unsupported)
        && Objects.equals(functionCall, other.functionCall)
        && Objects.equals(doBlocks, other.doBlocks)
        && Objects.equals(call, other.call)
        && Objects.equals(dynamicSql, other.dynamicSql);
  }

  @Override
  public int hashCode() {
    return Objects.hash(unparseable, unsupported, functionCall, doBlocks, call, dynamicSql);
  }

  @Override
  public String toString() {
    return "FailOpen{unparseable="
        + unparseable
        + ", unsupported="
        + unsupported
        + ", functionCall="
        + functionCall
        + ", doBlocks="
        + doBlocks
        + ", call="
        + call
        + ", dynamicSql="
        + dynamicSql
        + "}";
  }
}
