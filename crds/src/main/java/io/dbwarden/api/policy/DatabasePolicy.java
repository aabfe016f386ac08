package io.dbwarden.api.policy;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/**
 * {@code DatabasePolicy} ({@code dbwarden.io/v1alpha1}, namespaced, short name {@code dbp}): who
 * may do what on a database, what is masked, what is blocked and what needs approval. Users write
 * the spec; the operator writes the status through the status subresource.
 *
 * @see PolicyDocuments for reading one from YAML or JSON with every problem reported
 */
@Group(DatabasePolicy.GROUP)
@Version(DatabasePolicy.VERSION)
@ShortNames("dbp")
@AdditionalPrinterColumn(
    name = "Valid",
    jsonPath = ".status.conditions[?(@.type==\"Valid\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Version",
    jsonPath = ".status.version",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "In Sync",
    jsonPath = ".status.sidecars.summary",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DatabasePolicy extends CustomResource<DatabasePolicySpec, DatabasePolicyStatus>
    implements Namespaced {

  /** The API group of dbwarden's resources. */
  public static final String GROUP = "dbwarden.io";

  /** The API version of this type. */
  public static final String VERSION = "v1alpha1";

  /** {@code apiVersion} as documents spell it. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** {@code kind} as documents spell it. */
  public static final String KIND = "DatabasePolicy";

  /**
   * The order of the printer columns {@code kubectl get} shows. The CRD generator sorts columns by
   * JSON path, which would put Age first; the committed CRD lists them in this order instead, and
   * columns not named here (those shown with {@code -o wide}) after them.
   */
  public static final List<String> PRINTER_COLUMNS =
      List.of("Valid", "Ready", "Version", "In Sync", "Age");

  @Override
  protected DatabasePolicySpec initSpec() {
    return new DatabasePolicySpec();
  }
}
