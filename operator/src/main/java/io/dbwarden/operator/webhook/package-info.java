/**
 * The admission webhook server: {@code AdmissionReview} requests in, responses (allowed, denied, or
 * a JSON Patch) out, over HTTPS on its own port. What a webhook decides lives with its concern
 * ({@link io.dbwarden.operator.injection} for pods, {@link
 * io.dbwarden.operator.grant.GrantDecisions} for AccessGrant decisions).
 *
 * @see <a
 *     href="https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/">Dynamic
 *     Admission Control</a>
 */
package io.dbwarden.operator.webhook;
