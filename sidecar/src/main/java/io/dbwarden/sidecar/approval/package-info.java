/**
 * Approvals for sensitive writes: a statement a policy holds for approval becomes a grant request;
 * a person approves or denies it; the same subject running the same statement with the same values
 * then runs it, as many times as the grant allows, before it expires. {@link
 * io.dbwarden.sidecar.approval.ApprovalGate} is where the decision step asks; a {@link
 * io.dbwarden.sidecar.approval.GrantStore} keeps the grants ({@link
 * io.dbwarden.sidecar.approval.LocalGrantStore} in the proxy itself, for {@code run} and {@code
 * demo}).
 */
package io.dbwarden.sidecar.approval;
