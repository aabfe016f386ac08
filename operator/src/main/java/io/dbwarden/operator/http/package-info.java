/**
 * The operator's HTTP server (Netty): {@code /healthz}, {@code /readyz} and {@code /metrics} over
 * HTTP; the same server over HTTPS carries the admission webhooks ({@link
 * io.dbwarden.operator.webhook}).
 */
package io.dbwarden.operator.http;
