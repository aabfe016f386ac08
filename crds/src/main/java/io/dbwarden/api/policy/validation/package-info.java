/**
 * Validation of policy documents: every problem at once, each with the path of the field it is
 * about, so the operator's {@code Valid} condition and a sidecar's startup both tell the author
 * everything to fix in one go.
 *
 * <p>Validation works on the Jackson tree rather than on bound objects, because binding stops at
 * the first unknown field or bad enum value. The tree is checked against a declarative description
 * of the document ({@code PolicySchema}, built from small {@code Shape}s), then against the rules
 * that span fields ({@code SpecChecks}).
 */
package io.dbwarden.api.policy.validation;
