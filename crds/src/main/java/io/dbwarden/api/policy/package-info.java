/**
 * The {@code DatabasePolicy} API ({@code dbwarden.io/v1alpha1}): the custom resource types, the
 * helpers every reader of a policy needs (durations, operation lists, the content version) and
 * {@link io.dbwarden.api.policy.PolicyDocuments}, which turns the YAML a user would {@code kubectl
 * apply} into a validated {@link io.dbwarden.api.policy.DatabasePolicy}.
 *
 * <p>Field initializers carry the defaults, so an object bound by Jackson from a document that
 * leaves a field out holds the same value as one that spells the default out. The CRD generator
 * annotations ({@code @Default}, {@code @Required}, ...) say the same for the API server.
 */
package io.dbwarden.api.policy;
