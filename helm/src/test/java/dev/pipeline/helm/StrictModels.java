package dev.pipeline.helm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Parses rendered manifests into maintained Kubernetes models and refuses anything they do not know. Core kinds use
 * fabric8's models ({@code io.fabric8:kubernetes-client-bom} 8.0.0), the Prometheus operator's kinds fabric8's
 * {@code openshift-model-monitoring}, Strimzi's kinds the operator's own {@code io.strimzi:api} 0.49.0. All these
 * models keep unknown fields (and fields of the wrong type) in an "additional properties" map instead of failing, so a
 * manifest is strict only once every object in it has that map empty: that is what {@link #unknownFields} walks for.
 */
final class StrictModels {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Strimzi's kinds, which fabric8 does not register; v1beta2 is what Strimzi 0.38 to 0.49 all serve. */
    private static final Map<String, Class<? extends KubernetesResource>> STRIMZI = Map.of(
            "kafka.strimzi.io/v1beta2/Kafka", Kafka.class,
            "kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class,
            "kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class);

    private StrictModels() {
    }

    /** The model class of a manifest's apiVersion and kind; fails for a kind no model knows. */
    static Class<? extends KubernetesResource> modelOf(String apiVersion, String kind) {
        Class<? extends KubernetesResource> strimzi = STRIMZI.get(apiVersion + "/" + kind);
        if (strimzi != null) {
            return strimzi;
        }
        Class<? extends KubernetesResource> model = SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
        if (model == null || model == GenericKubernetesResource.class) {
            throw new AssertionError("no model for " + apiVersion + " " + kind);
        }
        return model;
    }

    /** The manifest as its model, or an error naming each field the model does not know. */
    static Object parse(Map<String, Object> manifest) {
        String apiVersion = String.valueOf(manifest.get("apiVersion"));
        String kind = String.valueOf(manifest.get("kind"));
        Object model = SERIALIZATION.convertValue(manifest, modelOf(apiVersion, kind));
        List<String> unknown = unknownFields(model);
        if (!unknown.isEmpty()) {
            throw new AssertionError(kind + " " + name(manifest) + ": fields its model does not know: " + unknown);
        }
        return model;
    }

    /** Paths of the fields each object of the model kept as additional properties. */
    static List<String> unknownFields(Object model) {
        List<String> unknown = new ArrayList<>();
        walk(model, "", unknown);
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                walk(item, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, unknown));
            return;
        }
        String type = value.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object field = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                walk(field, path + "." + property(getter.getName()), unknown);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    private static String property(String getter) {
        return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
    }

    @SuppressWarnings("unchecked")
    private static String name(Map<String, Object> manifest) {
        Object metadata = manifest.get("metadata");
        return metadata instanceof Map<?, ?> map ? String.valueOf(((Map<String, Object>) map).get("name")) : "?";
    }
}
