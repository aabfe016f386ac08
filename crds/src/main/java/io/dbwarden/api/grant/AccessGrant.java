package io.dbwarden.api.grant;

import io.dbwarden.api.policy.DatabasePolicy;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/**
 * {@code AccessGrant} ({@code dbwarden.io/v1alpha1}, namespaced, short name {@code ag}): a request
 * for one statement or a time-boxed scope that a policy's approvals require, and its decision. A
 * person approves with {@code kubectl patch accessgrant NAME --subresource=status --type=merge -p
 * '{"status":{"decision":"Approved"}}'}; the requester may not approve their own grant.
 */
@Group(DatabasePolicy.GROUP)
@Version(DatabasePolicy.VERSION)
@ShortNames("ag")
@AdditionalPrinterColumn(
    name = "Subject",
    jsonPath = ".spec.subject.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Decided By",
    jsonPath = ".status.decidedBy",
    type = AdditionalPrinterColumn.Type.STRING)
// A string, not a date: kubectl shows a date column as the time since, and "<invalid>" for a time
// in the future, which an expiry is until it passes.
@AdditionalPrinterColumn(
    name = "Expires",
    jsonPath = ".status.expiresAt",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AccessGrant extends CustomResource<AccessGrantSpec, AccessGrantStatus>
    implements Namespaced {

  /** {@code kind} as documents spell it. */
  public static final String KIND = "AccessGrant";

  /**
   * The order of the printer columns {@code kubectl get} shows; see {@link
   * DatabasePolicy#PRINTER_COLUMNS}.
   */
  public static final List<String> PRINTER_COLUMNS =
      List.of("Subject", "Phase", "Decided By", "Expires", "Age");
}
