/**
 * What the operator knows of the sidecars: an in-memory registry of their reports (which bundle
 * version each acknowledged or refused, audit counts). The push stream feeds it; the policy
 * reconciler reads it into {@code status.sidecars} and {@code status.audit}.
 */
package io.dbwarden.operator.sidecars;
