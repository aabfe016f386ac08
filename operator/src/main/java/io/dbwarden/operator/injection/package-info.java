/**
 * Sidecar injection: the mutating webhook that adds the dbwarden sidecar to pods labelled {@code
 * dbwarden.io/inject: "true"}, configured from their annotations, and points their containers at
 * it. The patch is computed against the pod exactly as the API server sent it.
 */
package io.dbwarden.operator.injection;
