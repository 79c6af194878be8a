package dev.pipeline.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.pipeline.helm.HelmChartTest.Manifests;
import dev.pipeline.helm.HelmChartTest.Node;

/** The production kit: Strimzi Kafka, monitoring, hardening and the helm test round trip, rendered and checked. */
class KubernetesKitTest {

    static final String REQUIRED = HelmChartTest.REQUIRED;
    static final List<String> COMPONENTS = HelmChartTest.COMPONENTS;
    static final String STRIMZI = ManifestModelsTest.STRIMZI;
    static final String MONITORING = ManifestModelsTest.MONITORING;

    @TempDir
    Path temp;

    HelmChartTest chart() {
        HelmChartTest chart = new HelmChartTest();
        chart.temp = temp;
        return chart;
    }

    static String name(String component) {
        return HelmChartTest.name(component);
    }

    // ---------------------------------------------------------------- Strimzi

    @ParameterizedTest(name = "events up to {0} bytes")
    @CsvSource({"1048576", "262144"})
    void theStrimziTopicIsCreatedWithExactlyWhatRouterAndDeliveryCheck(int maxEventBytes) {
        Manifests m = chart().render(REQUIRED, STRIMZI, "kafka: {topicGuarantees: {maxEventBytes: " + maxEventBytes + "}}\n");
        Node topic = m.find("KafkaTopic", HelmChartTest.FULLNAME + "-events");
        TopicGuaranteesSource truth = TopicGuaranteesSource.read();
        assertEquals("events", topic.str("spec", "topicName"));
        assertEquals(truth.replicationFactor(), topic.integer("spec", "replicas"));
        Map<String, String> config = strings(topic.map("spec", "config"));
        assertEquals(String.valueOf(truth.minInsyncReplicas()), config.get("min.insync.replicas"));
        assertEquals(truth.timestampType(), config.get("message.timestamp.type"));
        assertEquals(String.valueOf(truth.requiredMaxMessageBytes(maxEventBytes)), config.get("max.message.bytes"));

        // The services check the topic against the same numbers: their settings are the check's source of truth.
        for (String c : List.of("router", "delivery")) {
            String prefix = c.toUpperCase() + "_KAFKA_TOPIC_CHECK_";
            Map<String, String> env = m.configData(c);
            assertEquals(List.of(topic.integer("spec", "replicas"), truth.minInsyncReplicas(), maxEventBytes),
                    List.of(Integer.parseInt(env.get(prefix + "MIN_REPLICATION_FACTOR")),
                            Integer.parseInt(env.get(prefix + "MIN_INSYNC_REPLICAS")),
                            Integer.parseInt(env.get(prefix + "MAX_EVENT_BYTES"))),
                    c + " checks what the topic is created with");
        }
        assertNull(m.configData("ingest").get("INGEST_KAFKA_TOPIC_CHECK_MIN_INSYNC_REPLICAS"));
    }

    @Test
    void theChartsDefaultGuaranteesAreTheProductionOnes() throws IOException {
        Map<String, Object> values = HelmChartTest.load(Files.readString(HelmChartTest.CHART.resolve("values.yaml")));
        Node guarantees = new Node(values).node("kafka", "topicGuarantees");
        TopicGuaranteesSource truth = TopicGuaranteesSource.read();
        assertEquals(List.of(truth.replicationFactor(), truth.minInsyncReplicas(), truth.defaultMaxEventBytes()),
                List.of(guarantees.integer("replicationFactor"), guarantees.integer("minInsyncReplicas"),
                        guarantees.integer("maxEventBytes")));
        assertEquals(List.of(3, 2, "LogAppendTime"), List.of(truth.replicationFactor(), truth.minInsyncReplicas(),
                truth.timestampType()), "read from TopicGuarantees");
    }

    @Test
    void strimziRendersAKraftClusterSpreadOverZonesAndAControlTopic() {
        Manifests m = chart().render(REQUIRED, STRIMZI);
        String cluster = HelmChartTest.FULLNAME + "-kafka";
        Node kafka = m.find("Kafka", cluster);
        assertEquals("enabled", kafka.path("metadata", "annotations", "strimzi.io/kraft"));
        assertEquals("enabled", kafka.path("metadata", "annotations", "strimzi.io/node-pools"));
        assertEquals("topology.kubernetes.io/zone", kafka.path("spec", "kafka", "rack", "topologyKey"));
        assertEquals(2, kafka.integer("spec", "kafka", "config", "min.insync.replicas"));
        assertEquals(false, kafka.path("spec", "kafka", "config", "unclean.leader.election.enable"));
        Node pool = m.all("KafkaNodePool").get(0);
        assertEquals(cluster, pool.path("metadata", "labels", "strimzi.io/cluster"));
        assertEquals(3, pool.integer("spec", "replicas"));
        assertEquals(List.of("controller", "broker"), pool.strings("spec", "roles"));
        assertEquals(List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"), pool
                .list("spec", "template", "pod", "topologySpreadConstraints").stream().map(c -> c.str("topologyKey")).toList());
        Node control = m.find("KafkaTopic", HelmChartTest.FULLNAME + "-control");
        assertEquals("pipeline-control", control.str("spec", "topicName"));
        assertEquals("compact", control.path("spec", "config", "cleanup.policy"));
        assertEquals("ops-control", chart().render(REQUIRED, STRIMZI, "kafka: {controlTopic: ops-control}\n")
                .find("KafkaTopic", HelmChartTest.FULLNAME + "-control").str("spec", "topicName"));
        assertTrue(chart().render(REQUIRED).all("Kafka").isEmpty(), "off by default");
        assertTrue(chart().render(REQUIRED).all("KafkaTopic").isEmpty(), "off by default");
    }

    @Test
    void theRouterWritesAndDeliveryReadsWithTheirOwnKafkaUsers() {
        Manifests m = chart().render(REQUIRED, STRIMZI);
        Map<String, Set<String>> router = acls(m.find("KafkaUser", name("router") + "-kafka"));
        Map<String, Set<String>> delivery = acls(m.find("KafkaUser", name("delivery") + "-kafka"));
        assertEquals(Set.of("Write", "Describe", "DescribeConfigs"), router.get("topic:events"));
        assertEquals(Set.of("Read", "Describe", "DescribeConfigs"), delivery.get("topic:events"));
        assertEquals(Set.of("Write", "Read", "Describe", "DescribeConfigs"), router.get("topic:pipeline-control"));
        assertEquals(Set.of("Read", "Describe", "DescribeConfigs"), delivery.get("topic:pipeline-control"));
        assertNull(m.find("KafkaUser", name("ingest") + "-kafka"), "ingest never talks to Kafka");

        for (String c : List.of("router", "delivery")) {
            Node container = m.container(c);
            Node jaas = container.list("env").stream().filter(e -> "KAFKA_SASL_JAAS_CONFIG".equals(e.str("name")))
                    .findFirst().orElseThrow();
            assertEquals(name(c) + "-kafka", jaas.path("valueFrom", "secretKeyRef", "name"), c + " uses its own user");
            assertEquals("sasl.jaas.config", jaas.path("valueFrom", "secretKeyRef", "key"));
            Map<String, String> env = m.configData(c);
            assertEquals(HelmChartTest.FULLNAME + "-kafka-kafka-bootstrap:9093", env.get("KAFKA_BOOTSTRAP_SERVERS"));
            assertEquals("SASL_SSL", env.get("KAFKA_SECURITY_PROTOCOL"));
            assertEquals("SCRAM-SHA-512", env.get("KAFKA_SASL_MECHANISM"));
            assertEquals("/etc/pipeline/kafka-ca/ca.crt", env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
            Node pod = m.find("Deployment", name(c)).node("spec", "template", "spec");
            Node volume = pod.list("volumes").stream().filter(v -> "kafka-ca".equals(v.str("name"))).findFirst().orElseThrow();
            assertEquals(HelmChartTest.FULLNAME + "-kafka-cluster-ca-cert", volume.path("secret", "secretName"));
        }
        assertTrue(m.container("ingest").list("env").stream().noneMatch(e -> e.str("name").startsWith("KAFKA_")),
                "ingest gets no Kafka credentials");
    }

    @Test
    void mskIamNeedsNoJaasValueAndGetsTheLoginModuleAndCallbackHandler() {
        Manifests m = chart().render(REQUIRED, ManifestModelsTest.MSK_IAM);
        for (String c : List.of("router", "delivery")) {
            Map<String, String> env = m.configData(c);
            assertEquals("AWS_MSK_IAM", env.get("KAFKA_SASL_MECHANISM"));
            assertEquals("software.amazon.msk.auth.iam.IAMLoginModule required;", env.get("KAFKA_SASL_JAAS_CONFIG"));
            assertEquals("software.amazon.msk.auth.iam.IAMClientCallbackHandler",
                    env.get("KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Strimzi beside external brokers | kafka: {bootstrapServers: "k:9092", strimzi: {enabled: true}}                  | must be empty with kafka.strimzi.enabled
            fewer brokers than replicas     | kafka: {bootstrapServers: "", strimzi: {enabled: true, replicas: 2}}            | kafka.strimzi.replicas (2) must be at least
            no spare replica                | kafka: {topicGuarantees: {replicationFactor: 2, minInsyncReplicas: 2}}          | must exceed minInsyncReplicas
            PDB that blocks drains          | router: {autoscaling: {enabled: false}, replicaCount: 2, pdb: {minAvailable: 2}} | router.pdb.minAvailable (2) must be below the fewest replicas (2)
            grace shorter than the drain    | terminationGracePeriodSeconds: 29                                               | terminationGracePeriodSeconds (29) must cover preStopSleepSeconds (5) + shutdownTimeoutSeconds (15) + 10 s
            """)
    void unsafeValuesFailWithAClearMessage(String what, String values, String expected) {
        String message = chart().renderFailure(REQUIRED, values);
        assertTrue(message.contains(expected), () -> what + ": " + message);
    }

    // ---------------------------------------------------------------- monitoring

    @Test
    void monitoringIsOffByDefaultAndEachPartHasItsSwitch() {
        Manifests defaults = chart().render(REQUIRED);
        assertTrue(defaults.all("ServiceMonitor").isEmpty());
        assertTrue(defaults.all("PrometheusRule").isEmpty());
        assertNull(defaults.find("ConfigMap", HelmChartTest.FULLNAME + "-dashboard"));
        Manifests onlyRules = chart().render(REQUIRED, "metrics: {prometheusRule: {enabled: true}}\n");
        assertEquals(1, onlyRules.all("PrometheusRule").size());
        assertTrue(onlyRules.all("ServiceMonitor").isEmpty());
    }

    @Test
    void eachServiceIsScrapedOnItsMetricsPath() {
        Manifests m = chart().render(REQUIRED, MONITORING);
        for (String c : COMPONENTS) {
            Node monitor = m.find("ServiceMonitor", name(c));
            assertEquals("kube-prometheus-stack", monitor.path("metadata", "labels", "release"));
            Map<String, Object> serviceLabels = m.find("Service", name(c)).map("metadata", "labels");
            assertTrue(serviceLabels.entrySet().containsAll(monitor.map("spec", "selector", "matchLabels").entrySet()));
            Node endpoint = monitor.list("spec", "endpoints").get(0);
            assertEquals("http", endpoint.str("port"));
            assertEquals("/q/metrics", endpoint.str("path"));
        }
    }

    @Test
    void everyAlertTheIssueAsksForLinksToItsRunbookSection() throws IOException {
        Manifests m = chart().render(REQUIRED, MONITORING);
        List<Node> rules = m.all("PrometheusRule").get(0).list("spec", "groups").get(0).list("rules");
        assertEquals(Set.of("EventPipelineOnFallback", "EventPipelineBothSinksUnwritable", "EventPipelineOverrideInForce",
                "EventPipelinePartnerLagHigh", "EventPipelineSourceReaderStalled", "EventPipelineKafkaTopicUnsafe",
                "EventPipelineSlowConsumerDisconnects"), rules.stream().map(r -> r.str("alert")).collect(Collectors.toSet()));
        Set<String> anchors = runbookAnchors();
        for (Node rule : rules) {
            String url = rule.str("annotations", "runbook_url");
            assertTrue(url.startsWith("https://github.com/event-pipeline/event-pipeline/blob/main/docs/runbook.md#"), url);
            assertTrue(anchors.contains(url.substring(url.indexOf('#') + 1)), () -> url + " has no section in " + anchors);
            String expr = String.valueOf(rule.raw().get("expr"));
            assertTrue(expr.contains("namespace=\"" + HelmChartTest.NAMESPACE + "\""), () -> "scoped to the release: " + expr);
        }
        assertTrue(anchors.contains("kinesis-is-down"), "the runbook covers a Kinesis outage");

        List<Node> withFanOut = chart().render(REQUIRED, MONITORING, "aws: {kinesis: {enhancedFanOut: true}}\n")
                .all("PrometheusRule").get(0).list("spec", "groups").get(0).list("rules");
        Node fellBack = withFanOut.stream().filter(r -> r.str("alert").equals("EventPipelineFanOutFellBackToPolling"))
                .findFirst().orElseThrow(() -> new AssertionError("with enhanced fan-out on, an alert for a replica that polls"));
        String url = fellBack.str("annotations", "runbook_url");
        assertTrue(anchors.contains(url.substring(url.indexOf('#') + 1)), () -> url + " has no section in " + anchors);
    }

    @Test
    void alertThresholdsFollowTheirValues() {
        Manifests m = chart().render(REQUIRED, MONITORING, """
                metrics:
                  prometheusRule: {fallbackMinutes: 30, overrideHours: 8, partnerLagSeconds: 5, slowDisconnectsPerMinute: 50}
                """);
        Map<String, Node> rules = m.all("PrometheusRule").get(0).list("spec", "groups").get(0).list("rules").stream()
                .collect(Collectors.toMap(r -> r.str("alert"), r -> r));
        assertEquals("30m", rules.get("EventPipelineOnFallback").str("for"));
        assertEquals("8h", rules.get("EventPipelineOverrideInForce").str("for"));
        assertTrue(rules.get("EventPipelinePartnerLagHigh").str("expr").endsWith("> 5000"));
        assertTrue(rules.get("EventPipelineSlowConsumerDisconnects").str("expr").endsWith("> 50"));
    }

    @Test
    void theDashboardIsAConfigMapForGrafanasSidecar() {
        Manifests m = chart().render(REQUIRED, MONITORING);
        Node dashboard = m.find("ConfigMap", HelmChartTest.FULLNAME + "-dashboard");
        assertEquals("1", dashboard.path("metadata", "labels", "grafana_dashboard"));
        String json = (String) dashboard.map("data").get("event-pipeline.json");
        Map<String, Object> parsed = HelmChartTest.load(json);
        assertEquals("Event pipeline", parsed.get("title"));
        assertTrue(((List<?>) parsed.get("panels")).size() >= 10);
    }

    // ---------------------------------------------------------------- hardening

    @Test
    void everyServiceSpreadsOverZonesAndNodesAndDrainsGracefully() {
        Manifests m = chart().render(REQUIRED);
        for (String c : COMPONENTS) {
            Node pod = m.find("Deployment", name(c)).node("spec", "template", "spec");
            List<Node> spread = pod.list("topologySpreadConstraints");
            assertEquals(List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"),
                    spread.stream().map(s -> s.str("topologyKey")).toList(), c);
            Map<String, Object> selector = m.find("Deployment", name(c)).map("spec", "selector", "matchLabels");
            spread.forEach(s -> assertEquals(selector, s.map("labelSelector", "matchLabels"), c + " spreads its own pods"));
            Node container = m.container(c);
            assertEquals(List.of("sleep", "5"), container.node("lifecycle", "preStop", "exec").strings("command"));
            String shutdownTimeout = container.list("env").stream().filter(e -> "QUARKUS_SHUTDOWN_TIMEOUT".equals(e.str("name")))
                    .findFirst().orElseThrow(() -> new AssertionError(c + " has no QUARKUS_SHUTDOWN_TIMEOUT")).str("value");
            assertEquals("15s", shutdownTimeout, c + " drains for at most the chart's shutdownTimeoutSeconds");
            assertTrue(pod.integer("terminationGracePeriodSeconds") >= 5 + 15 + 10,
                    c + " drains and stops within its grace: preStop, then the shutdown timeout, then the JVM's exit");
            Node pdb = m.find("PodDisruptionBudget", name(c));
            assertEquals(1, pdb.integer("spec", "maxUnavailable"));
            assertNull(pdb.node("spec").raw().get("minAvailable"));
        }
        List<Node> custom = chart().render(REQUIRED, """
                router:
                  topologySpreadConstraints:
                    - {maxSkew: 2, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule}
                """).find("Deployment", name("router")).list("spec", "template", "spec", "topologySpreadConstraints");
        assertEquals(1, custom.size(), "a service's own constraints replace the default");
        assertNull(chart().render(REQUIRED, "topologySpread: {enabled: false}\n").find("Deployment", name("ingest"))
                .node("spec", "template", "spec").raw().get("topologySpreadConstraints"));
    }

    // ---------------------------------------------------------------- helm test

    @Test
    void theRoundTripPodUsesTestOnlyCredentialsTheServicesAccept() throws IOException {
        Manifests m = chart().renderWithTestPod(REQUIRED);
        Map<String, String> keys = strings(m.find("Secret", HelmChartTest.FULLNAME + "-helm-test").map("stringData"));
        assertTrue(keys.get("PRODUCER_KEY").length() >= 40);
        assertFalse(keys.get("PRODUCER_KEY").equals(keys.get("PARTNER_KEY")));
        assertEquals("sha256:" + sha256(keys.get("PRODUCER_KEY")),
                m.secretData("ingest").get("INGEST_PRODUCERS__HELM-TEST__API_KEY_HASHES"));
        assertEquals("sha256:" + sha256(keys.get("PARTNER_KEY")),
                m.secretData("delivery").get("DELIVERY_PARTNERS__HELM-TEST__API_KEY_HASHES"));
        assertEquals("/helm-test", m.configData("ingest").get("INGEST_PRODUCERS__HELM-TEST__SOURCES"));
        assertEquals("dev.pipeline.helm-test", m.configData("delivery").get("DELIVERY_PARTNERS__HELM-TEST__EVENT_TYPES"),
                "the test partner sees test events only");

        Node pod = m.find("Pod", name("helm-test") + "-round-trip");
        Node container = pod.list("spec", "containers").get(0);
        assertEquals(HelmChartTest.FULLNAME + "-helm-test", container.list("envFrom").get(0).path("secretRef", "name"));
        String script = container.strings("command").get(2);
        assertTrue(script.contains("$INGEST_URL/v1/events"), script);
        assertTrue(script.contains("$DELIVERY_URL/v1/stream?since="), script);
        Map<String, String> env = container.list("env").stream().collect(Collectors.toMap(e -> e.str("name"), e -> e.str("value")));
        assertEquals("http://" + name("ingest") + ":8080", env.get("INGEST_URL"));
        assertEquals("http://" + name("delivery") + ":8082", env.get("DELIVERY_URL"));
        assertEquals(false, pod.path("spec", "automountServiceAccountToken"));
        // the readiness pod still checks the router (the round trip cannot reach it)
        assertNotNull(m.find("Pod", name("helm-test")));

        // Generated per install: left out of the pods' checksums, or every render would roll ingest and delivery.
        Map<String, Object> annotations = m.find("Deployment", name("delivery")).map("spec", "template", "metadata", "annotations");
        Manifests again = chart().renderWithTestPod(REQUIRED);
        assertEquals(annotations.get("checksum/secret"), again.find("Deployment", name("delivery"))
                .map("spec", "template", "metadata", "annotations").get("checksum/secret"));

        Manifests own = chart().renderWithTestPod(REQUIRED, "secrets: {existingSecret: mine}\n");
        assertNull(own.find("Pod", name("helm-test") + "-round-trip"), "no chart Secret to carry the test keys");
        assertNull(own.configData("delivery").get("DELIVERY_PARTNERS__HELM-TEST__EVENT_TYPES"));
        assertNull(chart().renderWithTestPod(REQUIRED, "tests: {credentials: false}\n").find("Secret", HelmChartTest.FULLNAME + "-helm-test"));
    }

    @Test
    void theRoundTripPodIsAdmittedWhereProducersAndPartnersAreRestricted() {
        Manifests m = chart().render(REQUIRED, """
                networkPolicy:
                  ingestFrom: [{ipBlock: {cidr: 203.0.113.0/24}}]
                  deliveryFrom: [{ipBlock: {cidr: 198.51.100.0/24}}]
                """);
        for (String c : List.of("ingest", "delivery")) {
            List<Node> from = m.find("NetworkPolicy", name(c)).list("spec", "ingress").get(0).list("from");
            assertEquals("helm-test", from.get(from.size() - 1).path("podSelector", "matchLabels", "app.kubernetes.io/component"));
        }
    }

    // ---------------------------------------------------------------- helpers

    @SuppressWarnings("unchecked")
    static Map<String, Set<String>> acls(Node user) {
        Map<String, Set<String>> acls = new LinkedHashMap<>();
        for (Node rule : user.list("spec", "authorization", "acls")) {
            Map<String, Object> resource = rule.map("resource");
            String key = resource.get("type") + (resource.get("name") == null ? "" : ":" + resource.get("name"));
            acls.put(key, Set.copyOf(rule.strings("operations")));
        }
        return acls;
    }

    static Map<String, String> strings(Map<String, Object> map) {
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(k, String.valueOf(v)));
        return result;
    }

    /** GitHub's anchors of the runbook's headings: lower case, spaces to dashes, punctuation dropped. */
    static Set<String> runbookAnchors() throws IOException {
        String runbook = Files.readString(HelmChartTest.REPO.resolve("docs/runbook.md"));
        return Pattern.compile("^#{2,3} (.+)$", Pattern.MULTILINE).matcher(runbook).results()
                .map(r -> r.group(1).trim().toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
