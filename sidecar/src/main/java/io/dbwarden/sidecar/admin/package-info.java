/**
 * The admin HTTP port: a small Netty HTTP server with a route registry, serving {@code /metrics}
 * (Prometheus), {@code /healthz} and {@code /readyz}; other features add their own routes.
 */
package io.dbwarden.sidecar.admin;
