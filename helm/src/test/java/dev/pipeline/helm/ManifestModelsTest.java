package dev.pipeline.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.pipeline.helm.HelmChartTest.Manifests;
import dev.pipeline.helm.HelmChartTest.Node;

/**
 * Every manifest the chart renders, with the defaults and with each optional feature on, parses strictly into its
 * maintained model (see {@link StrictModels}); no cluster needed.
 */
class ManifestModelsTest {

    static final String STRIMZI = """
            kafka:
              bootstrapServers: ""
              strimzi: {enabled: true}
            """;
    static final String MONITORING = """
            metrics:
              serviceMonitor: {enabled: true, labels: {release: kube-prometheus-stack}}
              prometheusRule: {enabled: true, labels: {release: kube-prometheus-stack}}
              grafanaDashboard: {enabled: true}
            """;
    static final String MSK_IAM = """
            kafka:
              securityProtocol: SASL_SSL
              sasl: {mechanism: AWS_MSK_IAM}
            """;
    static final String INGRESSES = "ingest: {ingress: {enabled: true}}\ndelivery: {ingress: {enabled: true}}\n";

    @TempDir
    Path temp;

    HelmChartTest chart() {
        HelmChartTest chart = new HelmChartTest();
        chart.temp = temp;
        return chart;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            defaults                   | ''
            Strimzi Kafka              | STRIMZI
            monitoring                 | MONITORING
            MSK IAM                    | MSK_IAM
            ingresses                  | INGRESSES
            credentials                | CREDENTIALS
            everything at once         | STRIMZI,MONITORING,INGRESSES,CREDENTIALS_WITHOUT_KAFKA
            """)
    void everyRenderedManifestParsesStrictlyIntoItsModel(String what, String sets) throws IOException {
        Manifests m = chart().renderWithTestPod(valueSets(sets));
        Set<String> kinds = new TreeSet<>();
        for (Node document : m.documents) {
            Object model = StrictModels.parse(document.raw());
            assertEquals(document.str("kind"), model.getClass().getSimpleName(), what);
            kinds.add(document.str("kind"));
        }
        assertTrue(kinds.containsAll(Set.of("Deployment", "Service", "ConfigMap", "Secret", "ServiceAccount",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Pod")), what + ": " + kinds);
        if (sets.contains("STRIMZI")) {
            assertTrue(kinds.containsAll(Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser")), what + ": " + kinds);
        }
        if (sets.contains("MONITORING")) {
            assertTrue(kinds.containsAll(Set.of("ServiceMonitor", "PrometheusRule")), what + ": " + kinds);
        }
    }

    @Test
    void aFieldTheModelDoesNotKnowIsRefusedInEachFamilyOfModels() {
        Manifests m = chart().render(HelmChartTest.REQUIRED, STRIMZI, MONITORING);
        List<Node> samples = List.of(m.find("Deployment", HelmChartTest.name("router")),
                m.all("KafkaUser").get(0), m.all("PrometheusRule").get(0));
        for (Node sample : samples) {
            Map<String, Object> broken = HelmChartTest.load(new org.yaml.snakeyaml.Yaml().dump(sample.raw()));
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) broken.get("spec");
            spec.put("replicaz", 2);
            AssertionError error = assertThrows(AssertionError.class, () -> StrictModels.parse(broken),
                    sample.str("kind"));
            assertTrue(error.getMessage().contains(".spec.replicaz"), error.getMessage());
        }
        Map<String, Object> misspeltKind = HelmChartTest.load("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n");
        assertThrows(AssertionError.class, () -> StrictModels.parse(misspeltKind));
    }

    @Test
    void aValueOfTheWrongTypeIsRefused() {
        Manifests m = chart().render(HelmChartTest.REQUIRED);
        Map<String, Object> broken = HelmChartTest.load(new org.yaml.snakeyaml.Yaml()
                .dump(m.find("Deployment", HelmChartTest.name("ingest")).raw())
                .replace("revisionHistoryLimit: 5", "revisionHistoryLimit: {five: 5}"));
        assertFalse(broken.isEmpty());
        assertThrows(Throwable.class, () -> StrictModels.parse(broken));
    }

    private static String[] valueSets(String names) {
        List<String> sets = new java.util.ArrayList<>(List.of(HelmChartTest.REQUIRED));
        for (String name : names.split(",")) {
            switch (name.trim()) {
                case "" -> { }
                case "STRIMZI" -> sets.add(STRIMZI);
                case "MONITORING" -> sets.add(MONITORING);
                case "MSK_IAM" -> sets.add(MSK_IAM);
                case "INGRESSES" -> sets.add(INGRESSES);
                case "CREDENTIALS" -> sets.add(HelmChartTest.CREDENTIALS);
                case "CREDENTIALS_WITHOUT_KAFKA" -> sets.add(HelmChartTest.CREDENTIALS.replaceAll("(?s)kafka:.*?ingest:", "ingest:"));
                default -> throw new IllegalArgumentException(name);
            }
        }
        return sets.toArray(String[]::new);
    }
}
