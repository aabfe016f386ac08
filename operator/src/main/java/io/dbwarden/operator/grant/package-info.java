/**
 * The {@code AccessGrant} controller: the phase machine (Pending, Approved, Denied, Expired,
 * Executed), expiry on time, and the service through which executions are recorded.
 */
package io.dbwarden.operator.grant;
