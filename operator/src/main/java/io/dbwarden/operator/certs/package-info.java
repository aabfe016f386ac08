/**
 * The webhook's TLS: a CA and serving certificate the operator makes and rotates itself in one
 * Secret that every replica shares, the CA bundle patched into the webhook configurations, and the
 * server's {@link io.netty.handler.ssl.SslContext} rebuilt whenever the Secret changes. With
 * cert-manager, the Secret is cert-manager's and the operator only reads it.
 */
package io.dbwarden.operator.certs;
