/**
 * The dbwarden operator: {@link io.dbwarden.operator.OperatorMain} reads the flags, {@link
 * io.dbwarden.operator.DbwardenOperator} wires the controllers, registries and HTTP endpoints.
 */
package io.dbwarden.operator;
