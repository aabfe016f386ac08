/**
 * The dbwarden operator: {@link io.dbwarden.operator.OperatorMain} reads the flags, {@link
 * io.dbwarden.operator.DbwardenOperator} wires the controllers, registries, HTTP endpoints and
 * admission webhooks.
 */
package io.dbwarden.operator;
