/** The demo: an embedded PostgreSQL with a sample schema full of personal data and secrets. */
package io.dbwarden.sidecar.demo;
