/** Decisions: what happens to each statement before it reaches the database. */
package io.dbwarden.sidecar.policy;
