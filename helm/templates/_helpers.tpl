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
Name of a component's ServiceAccount (dict "root" $ "component" "router"): its own, so each service gets only its own
IAM role.
*/}}
{{- define "event-pipeline.serviceAccountName" -}}
{{- $account := (get .root.Values .component).serviceAccount }}
{{- if $account.create }}
{{- default (include "event-pipeline.componentFullname" .) $account.name }}
{{- else }}
{{- default "default" $account.name }}
{{- end }}
{{- end }}

{{/* Name of the Strimzi Kafka cluster. */}}
{{- define "event-pipeline.strimziCluster" -}}
{{- printf "%s-kafka" (include "event-pipeline.fullname" .) }}
{{- end }}

{{/* Name of a component's Strimzi KafkaUser, and of the Secret the User Operator creates for it. */}}
{{- define "event-pipeline.kafkaUser" -}}
{{- printf "%s-kafka" (include "event-pipeline.componentFullname" .) }}
{{- end }}

{{/* Where the Strimzi cluster CA certificate is mounted in router and delivery. */}}
{{- define "event-pipeline.kafkaCaDir" -}}
/etc/pipeline/kafka-ca
{{- end }}

{{/* The event topic's max.message.bytes: the largest event plus TopicGuarantees.RECORD_OVERHEAD_BYTES. */}}
{{- define "event-pipeline.maxMessageBytes" -}}
{{- add (int .Values.kafka.topicGuarantees.maxEventBytes) 16384 }}
{{- end }}

{{/* Default topology spread of a component over zones and nodes (dict "root" $ "component" ...). */}}
{{- define "event-pipeline.topologySpread" -}}
{{- $spread := .root.Values.topologySpread }}
{{- range $key := list $spread.zoneKey $spread.nodeKey }}
- maxSkew: 1
  topologyKey: {{ $key }}
  whenUnsatisfiable: {{ $spread.whenUnsatisfiable }}
  labelSelector:
    matchLabels:
      {{- include "event-pipeline.componentSelectorLabels" $ | nindent 6 }}
{{- end }}
{{- end }}

{{/* Non-empty when the chart generates the helm-test credentials (they live in the chart's own Secrets). */}}
{{- define "event-pipeline.testCredentials" -}}
{{- if and .Values.tests.credentials (not .Values.secrets.existingSecret) }}true{{ end }}
{{- end }}

{{/* The helm-test producer and partner keys: kept from the existing test Secret, generated on first install. */}}
{{- define "event-pipeline.testKeys" -}}
{{- if not (hasKey .Values.tests "generatedKeys") }}
{{- $name := printf "%s-helm-test" (include "event-pipeline.fullname" .) }}
{{- $existing := lookup "v1" "Secret" .Release.Namespace $name }}
{{- $keys := dict "producer" (randAlphaNum 40) "partner" (randAlphaNum 40) }}
{{- if and $existing $existing.data }}
{{- $keys = dict "producer" (index $existing.data "PRODUCER_KEY" | b64dec) "partner" (index $existing.data "PARTNER_KEY" | b64dec) }}
{{- end }}
{{- /* generated once per render: the test Secret and the services' hashes must agree */}}
{{- $_ := set .Values.tests "generatedKeys" $keys }}
{{- end }}
{{- toYaml .Values.tests.generatedKeys }}
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

{{/*
Kafka client settings both Kafka users (router, delivery) get, kafka.* as Quarkus env names. With Strimzi: SCRAM over
TLS to the chart's cluster, trusting its CA (the JAAS line comes from the KafkaUser's Secret, see the Deployment). With
AWS_MSK_IAM: the MSK IAM login module and callback handler, credentials from the default AWS chain (IRSA).
*/}}
{{- define "event-pipeline.kafkaEnv" -}}
{{- if .Values.kafka.strimzi.enabled }}
KAFKA_BOOTSTRAP_SERVERS: {{ printf "%s-kafka-bootstrap:9093" (include "event-pipeline.strimziCluster" .) | quote }}
KAFKA_SECURITY_PROTOCOL: "SASL_SSL"
KAFKA_SASL_MECHANISM: "SCRAM-SHA-512"
KAFKA_SSL_TRUSTSTORE_TYPE: "PEM"
KAFKA_SSL_TRUSTSTORE_LOCATION: {{ printf "%s/ca.crt" (include "event-pipeline.kafkaCaDir" .) | quote }}
{{- else }}
KAFKA_BOOTSTRAP_SERVERS: {{ .Values.kafka.bootstrapServers | quote }}
{{- with .Values.kafka.securityProtocol }}
KAFKA_SECURITY_PROTOCOL: {{ . | quote }}
{{- end }}
{{- with .Values.kafka.sasl.mechanism }}
KAFKA_SASL_MECHANISM: {{ . | quote }}
{{- end }}
{{- if eq .Values.kafka.sasl.mechanism "AWS_MSK_IAM" }}
KAFKA_SASL_JAAS_CONFIG: "software.amazon.msk.auth.iam.IAMLoginModule required;"
KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS: "software.amazon.msk.auth.iam.IAMClientCallbackHandler"
{{- end }}
{{- end }}
{{- end }}

{{/* The topic check's settings for a service (prefix ROUTER or DELIVERY): the same numbers the Strimzi topic gets. */}}
{{- define "event-pipeline.topicCheckEnv" -}}
{{- $g := .root.Values.kafka.topicGuarantees }}
{{ .prefix }}_KAFKA_TOPIC_CHECK_MIN_REPLICATION_FACTOR: {{ $g.replicationFactor | int64 | toString | quote }}
{{ .prefix }}_KAFKA_TOPIC_CHECK_MIN_INSYNC_REPLICAS: {{ $g.minInsyncReplicas | int64 | toString | quote }}
{{ .prefix }}_KAFKA_TOPIC_CHECK_MAX_EVENT_BYTES: {{ $g.maxEventBytes | int64 | toString | quote }}
{{- end }}

{{/*
Checks what the schema cannot express; fails the render with a message that names the value to set.
*/}}
{{- define "event-pipeline.validateValues" -}}
{{- $messages := list }}
{{- if and (not .Values.kafka.bootstrapServers) (not .Values.kafka.strimzi.enabled) }}
{{- $messages = append $messages "kafka.bootstrapServers is required: set it to the Kafka brokers, e.g. --set kafka.bootstrapServers=kafka:9092 (or set kafka.strimzi.enabled=true)" }}
{{- end }}
{{- if and .Values.kafka.strimzi.enabled (or .Values.kafka.bootstrapServers .Values.kafka.securityProtocol .Values.kafka.sasl.mechanism .Values.kafka.sasl.jaasConfig) }}
{{- $messages = append $messages "kafka.bootstrapServers, kafka.securityProtocol and kafka.sasl.* must be empty with kafka.strimzi.enabled: the chart connects the services to its Strimzi cluster" }}
{{- end }}
{{- if and .Values.kafka.strimzi.enabled (lt (int .Values.kafka.strimzi.replicas) (int .Values.kafka.topicGuarantees.replicationFactor)) }}
{{- $messages = append $messages (printf "kafka.strimzi.replicas (%v) must be at least kafka.topicGuarantees.replicationFactor (%v)" .Values.kafka.strimzi.replicas .Values.kafka.topicGuarantees.replicationFactor) }}
{{- end }}
{{- if le (int .Values.kafka.topicGuarantees.replicationFactor) (int .Values.kafka.topicGuarantees.minInsyncReplicas) }}
{{- $messages = append $messages (printf "kafka.topicGuarantees.replicationFactor (%v) must exceed minInsyncReplicas (%v), or one broker down stops every write to Kafka" .Values.kafka.topicGuarantees.replicationFactor .Values.kafka.topicGuarantees.minInsyncReplicas) }}
{{- end }}
{{- if lt (int .Values.terminationGracePeriodSeconds) (add (int .Values.preStopSleepSeconds) (int .Values.shutdownTimeoutSeconds) 10) }}
{{- $messages = append $messages (printf "terminationGracePeriodSeconds (%v) must cover preStopSleepSeconds (%v) + shutdownTimeoutSeconds (%v) + 10 s for the services to drain and stop" .Values.terminationGracePeriodSeconds .Values.preStopSleepSeconds .Values.shutdownTimeoutSeconds) }}
{{- end }}
{{- if not .Values.aws.kinesis.stream }}
{{- $messages = append $messages "aws.kinesis.stream is required: the Kinesis stream the router writes to" }}
{{- end }}
{{- if and (not .Values.secrets.existingSecret) (empty .Values.router.admin.tokenHashes) }}
{{- $messages = append $messages "router.admin.tokenHashes is required when secrets.existingSecret is empty: the hash of the operator token for PUT /v1/routing/override" }}
{{- end }}
{{- if and (hasPrefix "SASL" (upper .Values.kafka.securityProtocol)) (not .Values.kafka.sasl.mechanism) }}
{{- $messages = append $messages "kafka.sasl.mechanism is required when kafka.securityProtocol is SASL_PLAINTEXT or SASL_SSL" }}
{{- end }}
{{- if and .Values.kafka.sasl.mechanism (ne .Values.kafka.sasl.mechanism "AWS_MSK_IAM") (not .Values.kafka.sasl.jaasConfig) (not .Values.secrets.existingSecret) }}
{{- $messages = append $messages "kafka.sasl.jaasConfig is required when kafka.sasl.mechanism is set (or put KAFKA_SASL_JAAS_CONFIG into secrets.existingSecret)" }}
{{- end }}
{{- range $component := list "ingest" "router" "delivery" }}
{{- $values := get $.Values $component }}
{{- $fewest := ternary $values.autoscaling.minReplicas $values.replicaCount $values.autoscaling.enabled }}
{{- if and $values.pdb.enabled (not (kindIs "invalid" $values.pdb.minAvailable)) (not (kindIs "string" $values.pdb.minAvailable)) (ge (int $values.pdb.minAvailable) (int $fewest)) }}
{{- $messages = append $messages (printf "%s.pdb.minAvailable (%v) must be below the fewest replicas (%v), or no node can be drained; use %s.pdb.maxUnavailable" $component $values.pdb.minAvailable $fewest $component) }}
{{- end }}
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
