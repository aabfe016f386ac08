package io.dbwarden.helm;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** values.schema.json refuses wrong values before anything is rendered, naming the value. */
class ValuesSchemaTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "operator: {replicas: two}                         | /operator/replicas",
        "operator: {replicas: 0}                           | /operator/replicas",
        "operator: {leaderElection: {enabled: false}}      | /operator/replicas",
        "operator: {logLevel: verbose}                     | /operator/logLevel",
        "operator: {ports: {webhook: 70000}}               | /operator/ports/webhook",
        "operator: {watchNamespaces: Shop}                 | /operator/watchNamespaces",
        "operator: {watchNamespaces: [Shop]}               | /operator/watchNamespaces/0",
        "operator: {auditFlushInterval: soon}              | /operator/auditFlushInterval",
        "operator: {resources: {requests: {cpu: lots}}}    | /operator/resources/requests/cpu",
        "operator: {image: {digest: latest}}               | /operator/image/digest",
        "operator: {leaderElection: {enabled: 'yes'}}      | /operator/leaderElection/enabled",
        "webhook: {failurePolicy: Sometimes}               | /webhook/failurePolicy",
        "webhook: {timeoutSeconds: 60}                     | /webhook/timeoutSeconds",
        "certManager: {enabled: 'true'}                    | /certManager/enabled",
        "certManager: {issuerRef: {kind: Vault}}           | /certManager/issuerRef/kind",
        "certManager: {renewBefore: 30d}                   | /certManager/renewBefore",
        "selfSignedCertificates: {validity: 1y}            | /selfSignedCertificates/validity",
        "sidecar: {mode: sidecar}                          | /sidecar/mode",
        "sidecar: {audit: {mode: lax}}                     | /sidecar/audit/mode",
        "sidecar: {operatorUrl: 'http://operator:8081'}    | /sidecar/operatorUrl",
      })
  void rejects(String values, String path) {
    assertThatThrownBy(() -> Chart.template(Chart.RELEASE, Chart.NAMESPACE, values))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(path);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"replicaCount: 2", "operator: {replica: 2}", "sidecar: {auditMode: strict}"})
  void rejectsUnknownKeys(String values) {
    // A misspelt key would otherwise be ignored in silence and its default used.
    assertThatThrownBy(() -> Chart.template(Chart.RELEASE, Chart.NAMESPACE, values + "\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("additional properties");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "operator: {replicas: 3, resources: {requests: {cpu: 0.5, memory: 1Gi}}}",
        "operator: {watchNamespaces: [shop, billing], logFormat: text, logLevel: debug}",
        "operator: {replicas: 1, leaderElection: {enabled: false}}",
        "webhook: {failurePolicy: Ignore, timeoutSeconds: 30, excludedNamespaces: [monitoring]}",
        "certManager: {enabled: true, duration: 2160h, renewBefore: 360h}",
        "sidecar: {mode: container, audit: {mode: best-effort}, operatorUrl: 'wss://op:8081/s'}",
      })
  void accepts(String values) {
    assertThatCode(() -> Chart.template(Chart.RELEASE, Chart.NAMESPACE, values + "\n"))
        .doesNotThrowAnyException();
  }
}
