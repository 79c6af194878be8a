{{/*
Each service's settings as Quarkus environment names (ConfigMap data), and its credentials (Secret data).
The pods' checksum/config and checksum/secret annotations hash these, so a change rolls only the service it affects.
*/}}

{{/* ingest: IngestConfig (prefix ingest). */}}
{{- define "event-pipeline.ingest.config" -}}
QUARKUS_HTTP_PORT: "8080"
INGEST_ROUTER_URL: {{ printf "http://%s:%v" (include "event-pipeline.componentFullname" (dict "root" . "component" "router")) .Values.router.service.port | quote }}
INGEST_ROUTER_TIMEOUT: {{ .Values.ingest.routerTimeout | quote }}
{{- range $name, $producer := .Values.ingest.producers }}
{{- with $producer.sources }}
INGEST_PRODUCERS__{{ include "event-pipeline.envKey" $name }}__SOURCES: {{ join "," . | quote }}
{{- end }}
{{- end }}
{{- if include "event-pipeline.testCredentials" . }}
INGEST_PRODUCERS__HELM-TEST__SOURCES: "/helm-test"
{{- end }}
{{- range $key, $value := .Values.ingest.extraEnv }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{- define "event-pipeline.ingest.secret" -}}
{{- range $name, $producer := .Values.ingest.producers }}
INGEST_PRODUCERS__{{ include "event-pipeline.envKey" $name }}__API_KEY_HASHES: {{ join "," $producer.apiKeyHashes | quote }}
{{- end }}
INGEST_ROUTER_TOKEN: {{ include "event-pipeline.internalToken" . | quote }}
{{- end }}

{{/* Credentials kept out of checksum/secret: generated per install, they would roll the pods on every render. */}}
{{- define "event-pipeline.ingest.generatedSecret" -}}
{{- if include "event-pipeline.testCredentials" . }}
INGEST_PRODUCERS__HELM-TEST__API_KEY_HASHES: {{ printf "sha256:%s" ((include "event-pipeline.testKeys" . | fromYaml).producer | sha256sum) | quote }}
{{- end }}
{{- end }}

{{/* router: RouterConfig (prefix router) plus the Kafka client's kafka.*. */}}
{{- define "event-pipeline.router.config" -}}
QUARKUS_HTTP_PORT: "8081"
ROUTER_MODE: {{ .Values.router.mode | quote }}
ROUTER_KINESIS_STREAM: {{ .Values.aws.kinesis.stream | quote }}
{{- with .Values.aws.region }}
ROUTER_KINESIS_REGION: {{ . | quote }}
{{- end }}
{{- with .Values.aws.kinesis.endpointOverride }}
ROUTER_KINESIS_ENDPOINT_OVERRIDE: {{ . | quote }}
{{- end }}
ROUTER_KAFKA_TOPIC: {{ .Values.kafka.topic | quote }}
ROUTER_CONTROL_TOPIC: {{ .Values.kafka.controlTopic | quote }}
{{ include "event-pipeline.topicCheckEnv" (dict "root" . "prefix" "ROUTER") }}
{{ include "event-pipeline.kafkaEnv" . }}
{{- range $key, $value := .Values.router.extraEnv }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{- define "event-pipeline.router.secret" -}}
ROUTER_ADMIN_TOKEN_HASHES: {{ join "," .Values.router.admin.tokenHashes | quote }}
ROUTER_INTERNAL_API_TOKEN_HASHES: {{ join "," (prepend .Values.internalApi.previousTokenHashes (printf "sha256:%s" (include "event-pipeline.internalToken" . | sha256sum))) | quote }}
{{- with .Values.kafka.sasl.jaasConfig }}
KAFKA_SASL_JAAS_CONFIG: {{ . | quote }}
{{- end }}
{{- end }}

{{- define "event-pipeline.router.generatedSecret" -}}
{{- end }}

{{/* delivery: DeliveryConfig (prefix delivery) plus the Kafka client's kafka.*. */}}
{{- define "event-pipeline.delivery.config" -}}
QUARKUS_HTTP_PORT: "8082"
DELIVERY_KINESIS_STREAM: {{ .Values.aws.kinesis.stream | quote }}
{{- with .Values.aws.region }}
DELIVERY_KINESIS_REGION: {{ . | quote }}
{{- end }}
{{- with .Values.aws.kinesis.endpointOverride }}
DELIVERY_KINESIS_ENDPOINT_OVERRIDE: {{ . | quote }}
{{- end }}
DELIVERY_KINESIS_ENHANCED_FAN_OUT_ENABLED: {{ .Values.aws.kinesis.enhancedFanOut | quote }}
DELIVERY_KAFKA_TOPIC: {{ .Values.kafka.topic | quote }}
DELIVERY_FLEET_TOPIC: {{ .Values.kafka.controlTopic | quote }}
{{ include "event-pipeline.topicCheckEnv" (dict "root" . "prefix" "DELIVERY") }}
{{ include "event-pipeline.kafkaEnv" . }}
{{- range $name, $partner := .Values.delivery.partners }}
{{- with $partner.eventTypes }}
DELIVERY_PARTNERS__{{ include "event-pipeline.envKey" $name }}__EVENT_TYPES: {{ join "," . | quote }}
{{- end }}
{{- end }}
{{- if include "event-pipeline.testCredentials" . }}
DELIVERY_PARTNERS__HELM-TEST__EVENT_TYPES: {{ .Values.tests.eventType | quote }}
{{- end }}
{{- range $key, $value := .Values.delivery.extraEnv }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{- define "event-pipeline.delivery.secret" -}}
{{- with (.Values.delivery.admin.tokenHashes | default .Values.router.admin.tokenHashes) }}
DELIVERY_ADMIN_TOKEN_HASHES: {{ join "," . | quote }}
{{- end }}
{{- range $name, $partner := .Values.delivery.partners }}
DELIVERY_PARTNERS__{{ include "event-pipeline.envKey" $name }}__API_KEY_HASHES: {{ join "," $partner.apiKeyHashes | quote }}
{{- end }}
{{- with .Values.kafka.sasl.jaasConfig }}
KAFKA_SASL_JAAS_CONFIG: {{ . | quote }}
{{- end }}
{{- end }}

{{- define "event-pipeline.delivery.generatedSecret" -}}
{{- if include "event-pipeline.testCredentials" . }}
DELIVERY_PARTNERS__HELM-TEST__API_KEY_HASHES: {{ printf "sha256:%s" ((include "event-pipeline.testKeys" . | fromYaml).partner | sha256sum) | quote }}
{{- end }}
{{- end }}

{{/*
The token ingest presents to the router's write API: internalApi.token, else a random one made once per render so
ingest and router get the same (a new one on each upgrade: set internalApi.token for a token that stays).
*/}}
{{- define "event-pipeline.internalToken" -}}
{{- if .Values.internalApi.token }}
{{- .Values.internalApi.token }}
{{- else }}
{{- if not (hasKey .Values.internalApi "generated") }}
{{- $_ := set .Values.internalApi "generated" (randAlphaNum 40) }}
{{- end }}
{{- .Values.internalApi.generated }}
{{- end }}
{{- end }}
