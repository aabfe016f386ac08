/**
 * The {@code AccessGrant} API ({@code dbwarden.io/v1alpha1}): a request to run one statement, or
 * operations on tables for a while, that a policy's approvals require, and a person's decision on
 * it.
 */
package io.dbwarden.api.grant;
