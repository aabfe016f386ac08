/**
 * {@code kubectl dbwarden}: the plugin's entry point, how it reaches the cluster (the user's
 * kubeconfig), and how cluster errors become one clear line and an exit code.
 */
package io.dbwarden.kubectl;
