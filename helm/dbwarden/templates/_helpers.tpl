{{/*
Names and labels. Everything here is a pure function of the release and its values: no random
strings, no timestamps, no lookups, so rendering twice gives the same manifests (Argo CD shows no
drift).
*/}}

{{- define "dbwarden.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The prefix of every resource name: the release name if it already says dbwarden. */}}
{{- define "dbwarden.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "dbwarden.operatorName" -}}
{{- printf "%s-operator" (include "dbwarden.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Service in front of the webhook port; the serving certificate is for its DNS names. */}}
{{- define "dbwarden.webhookServiceName" -}}
{{- printf "%s-webhook" (include "dbwarden.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Secret holding the webhook's certificate (the operator's or cert-manager's). */}}
{{- define "dbwarden.webhookSecretName" -}}
{{- printf "%s-webhook-tls" (include "dbwarden.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Mutating- (and Validating-) WebhookConfiguration, cluster-scoped. */}}
{{- define "dbwarden.webhookConfigurationName" -}}
{{- include "dbwarden.fullname" . }}
{{- end }}

{{/* The leader election Lease, in the release namespace. */}}
{{- define "dbwarden.leaseName" -}}
{{- include "dbwarden.operatorName" . }}
{{- end }}

{{- define "dbwarden.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/part-of: dbwarden
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The operator's pods; the Services and the PodDisruptionBudget select them by these. */}}
{{- define "dbwarden.operatorSelectorLabels" -}}
app.kubernetes.io/name: {{ include "dbwarden.name" . }}-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The common labels (instance among them) and the operator's name and component. */}}
{{- define "dbwarden.operatorLabels" -}}
{{ include "dbwarden.labels" . }}
app.kubernetes.io/name: {{ include "dbwarden.name" . }}-operator
app.kubernetes.io/component: operator
{{- end }}

{{/* An image reference: repository@digest, else repository:tag (tag defaulting to appVersion). */}}
{{- define "dbwarden.image" -}}
{{- $image := index . 0 }}
{{- $root := index . 1 }}
{{- if $image.digest }}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $image.repository (default $root.Chart.AppVersion $image.tag) }}
{{- end }}
{{- end }}

{{/* Where injected sidecars open the policy stream: the operator Service's stream port. */}}
{{- define "dbwarden.sidecarOperatorUrl" -}}
{{- if .Values.sidecar.operatorUrl }}
{{- .Values.sidecar.operatorUrl }}
{{- else }}
{{- printf "ws://%s.%s.svc:%d/v1/sidecars/stream" (include "dbwarden.operatorName" .) .Release.Namespace (int .Values.operator.ports.stream) }}
{{- end }}
{{- end }}

{{/* The namespaces never sent to the webhook: the release's, kube-system and any listed. */}}
{{- define "dbwarden.webhookExcludedNamespaces" -}}
{{- $namespaces := list .Release.Namespace "kube-system" }}
{{- range .Values.webhook.excludedNamespaces }}
{{- $namespaces = append $namespaces . }}
{{- end }}
{{- toYaml ($namespaces | uniq) }}
{{- end }}
