{{/*
Chart name, overridable; used in app.kubernetes.io/name.
*/}}
{{- define "coretelecoms.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name prefix of chart-owned objects: release name + chart name, deduplicated, DNS-safe.
*/}}
{{- define "coretelecoms.fullname" -}}
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

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "coretelecoms.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: stable across upgrades (they select the workflow pods in the NetworkPolicy).
*/}}
{{- define "coretelecoms.selectorLabels" -}}
app.kubernetes.io/name: {{ include "coretelecoms.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Standard labels of every object.
*/}}
{{- define "coretelecoms.labels" -}}
helm.sh/chart: {{ include "coretelecoms.chart" . }}
{{ include "coretelecoms.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: coretelecoms
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Stage role keys, in the order of the DAG's roles (jobs/coretelecoms/dag.py ROLES).
*/}}
{{- define "coretelecoms.roleKeys" -}}
extractFiles extractPostgres extractSheets loadWarehouse transformDbt notify
{{- end }}
