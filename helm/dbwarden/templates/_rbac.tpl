{{/*
The operator's rules on the resources it watches: in a ClusterRole when it watches every
namespace, in a Role per namespace when operator.watchNamespaces lists them. Each verb is there for
the code named beside it (operator/src/main/java/io/dbwarden/operator/...), and for nothing else.
*/}}
{{- define "dbwarden.watchRules" -}}
# list, watch: the JOSDK informers of the DatabasePolicy and AccessGrant controllers
#   (policy.DatabasePolicyReconciler, grant.AccessGrantReconciler and its "policies" event source),
#   and push.GrantDesk's AccessGrant informer, which tells sidecars of grants on every replica;
#   grant.GrantRequests lists the grants of a request by label.
# get: grant.AccessGrants reads the grant and its policy when a sidecar claims or reports an
#   execution over the push stream; grant.GrantRequests reads the policy a request names;
#   grant.GrantDecisions (the decision webhook) reads the policy a grant names to check the
#   approvers.
- apiGroups: ["dbwarden.io"]
  resources: ["databasepolicies", "accessgrants"]
  verbs: ["get", "list", "watch"]
# create: grant.GrantRequests creates the AccessGrant a sidecar asks for when a statement is held
#   for approval. Grants are never updated or deleted by the operator (their policy owns them).
- apiGroups: ["dbwarden.io"]
  resources: ["accessgrants"]
  verbs: ["create"]
# update: status.StatusWriter replaces /status (PUT with the resourceVersion read; JOSDK's
#   PrimaryUpdateAndCacheUtils), and grant.AccessGrants claims and completes executions the same
#   way. Spec and metadata are never written (no finalizers), so there is no other write verb.
- apiGroups: ["dbwarden.io"]
  resources: ["databasepolicies/status", "accessgrants/status"]
  verbs: ["update"]
# list, watch: the "pods" informer of policy.DatabasePolicyReconciler (label selector
#   operator.podSelector); push.SidecarAuthenticator looks pods up in its cache, never on the API.
#   The injection webhook only answers admission reviews: it reads and writes no pod.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
{{- end }}

{{/* The operator's ServiceAccount as the subject of a binding. */}}
{{- define "dbwarden.operatorSubjects" -}}
subjects:
  - kind: ServiceAccount
    name: {{ include "dbwarden.operatorName" . }}
    namespace: {{ .Release.Namespace }}
{{- end }}
