package io.dbwarden.sidecar.policy;

/**
 * Classes of statements that cannot be judged with certainty and are therefore refused, unless a
 * policy lets them through explicitly. All false is the default and the safe choice.
 */
public record FailOpen(
    boolean unparseable,
    boolean unsupported,
    boolean functionCall,
    boolean doBlocks,
    boolean call,
    boolean dynamicSql) {

  public static final FailOpen NONE = new FailOpen(false, false, false, false, false, false);
}
