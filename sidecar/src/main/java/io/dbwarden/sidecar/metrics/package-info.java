/** Metrics: what the proxy counts and measures, in Micrometer, scraped as Prometheus text. */
package io.dbwarden.sidecar.metrics;
