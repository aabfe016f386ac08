package io.dbwarden.sidecar.proxy;

/** Stable names of the handlers the proxy looks up or replaces. */
final class PipelineNames {
  static final String TLS = "tls";
  static final String TLS_NEGOTIATION = "tls-negotiation";
  static final String IDLE = "idle";
  static final String DECODER = "decoder";
  static final String ENCODER = "encoder";
  static final String STARTUP = "startup";
  static final String RELAY = "relay";

  private PipelineNames() {}
}
