{{/*
Chart name, truncated to 63 characters (a DNS label).
*/}}
{{- define "event-pipeline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name. Truncated to 54 characters so "-delivery" still fits in a DNS label.
*/}}
{{- define "event-pipeline.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 54 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 54 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 54 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "event-pipeline.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "event-pipeline.labels" -}}
helm.sh/chart: {{ include "event-pipeline.chart" . }}
{{ include "event-pipeline.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ include "event-pipeline.name" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels of the release.
*/}}
{{- define "event-pipeline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "event-pipeline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount to use.
*/}}
{{- define "event-pipeline.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "event-pipeline.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The three services and the HTTP port each one listens on (quarkus.http.port in its application.properties).
*/}}
{{- define "event-pipeline.components" -}}
ingest: 8080
router: 8081
delivery: 8082
{{- end }}

{{/*
Per-component helpers take a dict: (dict "root" $ "component" "router").
*/}}

{{/* Resource name of a component: <fullname>-<component>. */}}
{{- define "event-pipeline.componentFullname" -}}
{{- printf "%s-%s" (include "event-pipeline.fullname" .root) .component }}
{{- end }}

{{/* Labels of a component's resources. */}}
{{- define "event-pipeline.componentLabels" -}}
{{ include "event-pipeline.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Selector labels of a component's pods. */}}
{{- define "event-pipeline.componentSelectorLabels" -}}
{{ include "event-pipeline.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The port a component's container listens on. */}}
{{- define "event-pipeline.containerPort" -}}
{{- get (include "event-pipeline.components" .root | fromYaml) .component }}
{{- end }}

{{/* Image reference of a component: [registry/]repository(:tag|@digest). */}}
{{- define "event-pipeline.image" -}}
{{- $image := (get .root.Values .component).image }}
{{- $repository := $image.repository }}
{{- with .root.Values.image.registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" .) $repository }}
{{- end }}
{{- if $image.digest }}
{{- printf "%s@%s" $repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion $image.tag | toString) }}
{{- end }}
{{- end }}

{{/* Secret a component reads its credentials from: secrets.existingSecret, or the chart's own. */}}
{{- define "event-pipeline.secretName" -}}
{{- default (include "event-pipeline.componentFullname" .) .root.Values.secrets.existingSecret }}
{{- end }}

{{/*
Env-name part of a producer or partner name: upper case, dashes kept. SmallRye Config reads
INGEST_PRODUCERS__ACME-CORP__SOURCES as ingest.producers."acme-corp".sources; an underscore would not round-trip.
*/}}
{{- define "event-pipeline.envKey" -}}
{{- upper . }}
{{- end }}

{{/* Kafka client settings both Kafka users (router, delivery) get, kafka.* as Quarkus env names. */}}
{{- define "event-pipeline.kafkaEnv" -}}
KAFKA_BOOTSTRAP_SERVERS: {{ .Values.kafka.bootstrapServers | quote }}
{{- with .Values.kafka.securityProtocol }}
KAFKA_SECURITY_PROTOCOL: {{ . | quote }}
{{- end }}
{{- with .Values.kafka.sasl.mechanism }}
KAFKA_SASL_MECHANISM: {{ . | quote }}
{{- end }}
{{- end }}

{{/*
Checks what the schema cannot express; fails the render with a message that names the value to set.
*/}}
{{- define "event-pipeline.validateValues" -}}
{{- $messages := list }}
{{- if not .Values.kafka.bootstrapServers }}
{{- $messages = append $messages "kafka.bootstrapServers is required: set it to the Kafka brokers, e.g. --set kafka.bootstrapServers=kafka:9092" }}
{{- end }}
{{- if not .Values.aws.kinesis.stream }}
{{- $messages = append $messages "aws.kinesis.stream is required: the Kinesis stream the router writes to" }}
{{- end }}
{{- if not .Values.aws.region }}
{{- $messages = append $messages "aws.region is required: the AWS region of the Kinesis stream" }}
{{- end }}
{{- if and (not .Values.secrets.existingSecret) (empty .Values.router.admin.tokenHashes) }}
{{- $messages = append $messages "router.admin.tokenHashes is required when secrets.existingSecret is empty: the hash of the operator token for PUT /v1/routing/override" }}
{{- end }}
{{- if and (hasPrefix "SASL" (upper .Values.kafka.securityProtocol)) (not .Values.kafka.sasl.mechanism) }}
{{- $messages = append $messages "kafka.sasl.mechanism is required when kafka.securityProtocol is SASL_PLAINTEXT or SASL_SSL" }}
{{- end }}
{{- if and .Values.kafka.sasl.mechanism (not .Values.kafka.sasl.jaasConfig) (not .Values.secrets.existingSecret) }}
{{- $messages = append $messages "kafka.sasl.jaasConfig is required when kafka.sasl.mechanism is set (or put KAFKA_SASL_JAAS_CONFIG into secrets.existingSecret)" }}
{{- end }}
{{- range $component := list "ingest" "router" "delivery" }}
{{- $values := get $.Values $component }}
{{- if and $values.autoscaling.enabled (lt (int $values.autoscaling.maxReplicas) (int $values.autoscaling.minReplicas)) }}
{{- $messages = append $messages (printf "%s.autoscaling.maxReplicas (%v) must not be below %s.autoscaling.minReplicas (%v)" $component $values.autoscaling.maxReplicas $component $values.autoscaling.minReplicas) }}
{{- end }}
{{- end }}
{{- range $name, $producer := .Values.ingest.producers }}
{{- if and (not $.Values.secrets.existingSecret) (empty $producer.apiKeyHashes) }}
{{- $messages = append $messages (printf "ingest.producers.%s.apiKeyHashes is required: at least one API key hash per producer" $name) }}
{{- end }}
{{- end }}
{{- if $messages }}
{{- printf "\nVALUES VALIDATION:\n  - %s" (join "\n  - " $messages) | fail }}
{{- end }}
{{- end }}

{{/* Egress rule: DNS lookups (kube-dns or any resolver) on 53. */}}
{{- define "event-pipeline.dnsEgress" -}}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end }}

{{/* Egress rules of the Kinesis and Kafka users (router, delivery): Kafka brokers, AWS APIs on 443, extras. */}}
{{- define "event-pipeline.backendEgress" -}}
{{- $np := .Values.networkPolicy -}}
- ports:
    {{- range $np.kafka.ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
  {{- with $np.kafka.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
- ports:
    - port: 443
      protocol: TCP
  to:
    {{- range $np.aws.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
{{- with $np.extraEgress }}
{{ toYaml . }}
{{- end }}
{{- end }}
