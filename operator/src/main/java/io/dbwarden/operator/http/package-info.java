/**
 * The operator's HTTP server (Netty): {@code /healthz}, {@code /readyz} and {@code /metrics} now;
 * later issues add the admission webhooks and the policy push stream as further routes.
 */
package io.dbwarden.operator.http;
