package dev.tocsin.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no container engine or cluster on the build machines, so the deployment files are checked for
 * what can be checked without one: every Kubernetes manifest reads into the Kubernetes model as a known
 * kind with only known fields, they agree with each other and with the service (ports, health paths,
 * settings), and the image copies files the package phase really produces.
 */
class DeploymentFilesIT {

    private static final Path DEPLOY = Path.of("deploy");

    @Test
    void kubernetesDeploymentRunsThreeReplicasWithHealthProbes() throws IOException {
        Map<String, Object> deployment = load("k8s/deployment.yaml").get(0);
        assertThat(deployment.get("kind")).isEqualTo("Deployment");
        Map<String, Object> spec = map(deployment, "spec");
        assertThat(spec.get("replicas")).isEqualTo(3);
        Map<String, Object> container = list(map(map(spec, "template"), "spec"), "containers").get(0);
        assertThat(map(map(container, "livenessProbe"), "httpGet").get("path")).isEqualTo("/q/health/live");
        assertThat(map(map(container, "readinessProbe"), "httpGet").get("path")).isEqualTo("/q/health/ready");
        assertThat(list(container, "ports").get(0).get("containerPort")).isEqualTo(8080);
        assertThat(map(list(container, "envFrom").get(0), "secretRef").get("name"))
                .isEqualTo(map(load("k8s/secret.example.yaml").get(0), "metadata").get("name"));
    }

    @Test
    void serviceSelectsTheDeploymentsPods() throws IOException {
        Map<String, Object> service = load("k8s/service.yaml").get(0);
        Map<String, Object> deployment = load("k8s/deployment.yaml").get(0);
        Object podLabels = map(map(map(deployment, "spec"), "template"), "metadata").get("labels");
        assertThat(service.get("kind")).isEqualTo("Service");
        assertThat(map(service, "spec").get("selector")).isEqualTo(podLabels);
    }

    @Test
    void secretExampleCarriesTheDatasourceSettings() throws IOException {
        Map<String, Object> secret = load("k8s/secret.example.yaml").get(0);
        assertThat(map(secret, "stringData")).containsKeys(
                "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "TOCSIN_SIGNING_KEY", "TOCSIN_CREDENTIALS_KEY", "TOCSIN_MAIL_HOST");
    }

    @Test
    void composeWiresPostgresMailAndTheService() throws IOException {
        Map<String, Object> compose = load("compose.yaml").get(0);
        Map<String, Object> services = map(compose, "services");
        assertThat(services).containsKeys("postgres", "mail", "tocsin");
        Map<String, Object> env = map(map(services, "tocsin"), "environment");
        assertThat(env).containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "TOCSIN_PUBLIC_URL", "TOCSIN_SIGNING_KEY",
                "TOCSIN_CREDENTIALS_KEY", "TOCSIN_MAIL_HOST");
        assertThat(map(map(services, "tocsin"), "build").get("dockerfile")).isEqualTo("deploy/Containerfile");
    }

    @Test
    void containerfileCopiesWhatThePackagePhaseProduces() throws IOException {
        String containerfile = Files.readString(DEPLOY.resolve("Containerfile"));
        Matcher copy = Pattern.compile("(?m)^COPY (?:--\\S+ )*(\\S+) ").matcher(containerfile);
        int copies = 0;
        while (copy.find()) {
            copies++;
            String source = copy.group(1).replace("*.jar", "quarkus-run.jar");
            assertThat(Path.of(source)).as("COPY source %s", source).exists();
        }
        assertThat(copies).isGreaterThanOrEqualTo(4);
        assertThat(containerfile).contains("EXPOSE 8080");
    }

    @Test
    void everyKubernetesManifestIsAKnownKindWithOnlyKnownFields() throws IOException {
        List<HasMetadata> all = kubernetes(DEPLOY.resolve("k8s"), Integer.MAX_VALUE);
        assertThat(all).extracting(HasMetadata::getKind).contains(
                "Deployment", "Service", "Secret", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Ingress");
    }

    @Test
    void aManifestWithAMisspelledFieldOrAnUnknownKindIsRefused() {
        String misspelled = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replica: 3}\n";
        assertThat(catchThrowable(() -> resource("misspelled", yaml(misspelled))))
                .hasMessageContaining("spec").hasMessageContaining("replica");
        String wrongVersion = "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: x}\n"
                + "spec: {metrics: [{type: Resource}]}\n";
        assertThat(catchThrowable(() -> resource("wrong version", yaml(wrongVersion)))).hasMessageContaining("metrics");
        String unknownKind = "apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n";
        assertThat(catchThrowable(() -> resource("unknown kind", yaml(unknownKind)))).hasMessageContaining("not a kind");
    }

    @Test
    void theBudgetTheAutoscalerAndTheIngressPointAtWhatExists() throws IOException {
        Deployment deployment = one(BASE, Deployment.class, "tocsin");
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        PodDisruptionBudget pdb = one(BASE, PodDisruptionBudget.class, "tocsin");
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

        HorizontalPodAutoscaler hpa = one(BASE, HorizontalPodAutoscaler.class, "tocsin");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.getSpec().getMetrics()).singleElement()
                .satisfies(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));

        Ingress ingress = one(BASE, Ingress.class, "tocsin");
        Service service = one(BASE, Service.class, "tocsin");
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        assertThat(backend.getName()).isEqualTo(service.getMetadata().getName());
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).contains(backend.getPort().getName());
    }

    @Test
    void podsHaveResourcesFromTheBenchmarkAndTrustForwardedAddressesOnlyFromTheIngress() throws IOException {
        for (Deployment deployment : Stream.concat(all(BASE, Deployment.class).stream(), all(ROLES, Deployment.class).stream()).toList()) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            String name = deployment.getMetadata().getName();
            Map<String, Quantity> requests = container.getResources().getRequests();
            Map<String, Quantity> limits = container.getResources().getLimits();
            assertThat(requests).as(name).containsKeys("cpu", "memory");
            // 50,000 monitors measured at 330-340 MiB RSS: the limit leaves room above that.
            assertThat(Quantity.getAmountInBytes(limits.get("memory")).longValue()).as(name)
                    .isGreaterThanOrEqualTo(512L << 20);
            assertThat(limits).as("no CPU limit: throttling delays probes").doesNotContainKey("cpu");
            Map<String, String> env = env(container);
            if (served(deployment)) {
                assertThat(env).as(name + " serves users behind the Ingress")
                        .containsEntry("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true")
                        .containsEntry("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true")
                        .containsKey("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");
            }
        }
    }

    @Test
    void theRoleSplitHasWebNodesThatNeverProbeAndProbersPerRegionThatGetNoTraffic() throws IOException {
        Deployment web = one(ROLES, Deployment.class, "tocsin-web");
        assertThat(env(web.getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("TOCSIN_PROBES_ENABLED", "false").containsEntry("TOCSIN_STATUS_PAGES_ENABLED", "false");
        assertThat(served(web)).isTrue();
        assertThat(one(ROLES, Service.class, "tocsin").getMetadata().getName())
                .as("the Ingress of the base layout reaches the web nodes").isEqualTo(
                        one(BASE, Ingress.class, "tocsin").getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName());
        List<Deployment> probers = all(ROLES, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().startsWith("tocsin-prober-")).toList();
        assertThat(probers).hasSizeGreaterThanOrEqualTo(2);
        for (Deployment prober : probers) {
            assertThat(env(prober.getSpec().getTemplate().getSpec().getContainers().get(0)))
                    .containsEntry("TOCSIN_PROBES_ENABLED", "true");
            assertThat(served(prober)).as(prober.getMetadata().getName()).isFalse();
            assertThat(prober.getSpec().getTemplate().getSpec().getNodeSelector()).containsKey("topology.kubernetes.io/region");
        }
        assertThat(probers).extracting(d -> d.getSpec().getTemplate().getSpec().getNodeSelector().get("topology.kubernetes.io/region"))
                .doesNotHaveDuplicates();
    }

    // --- the Kubernetes model -------------------------------------------------------------------

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    /** The layout of deployment.yaml and service.yaml, and the role split that replaces those two. */
    private static final Path BASE = DEPLOY.resolve("k8s");
    private static final Path ROLES = BASE.resolve("roles");

    /** Every document of every manifest under {@code dir} (to that depth), read into the Kubernetes model. */
    private static List<HasMetadata> kubernetes(Path dir, int depth) throws IOException {
        List<HasMetadata> resources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, depth)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                int index = 0;
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        if (document != null) {
                            resources.add(resource(file + " document " + index, cast(document)));
                        }
                        index++;
                    }
                }
            }
        }
        return resources;
    }

    /**
     * One document as the cluster would read it: its apiVersion and kind must name a model class, and no
     * field may be left over (the model keeps unknown fields aside instead of failing, so they are looked for).
     */
    private static HasMetadata resource(String where, Map<String, Object> document) {
        KubernetesResource resource = KUBERNETES.convertValue(document, KubernetesResource.class);
        if (resource instanceof GenericKubernetesResource || !(resource instanceof HasMetadata typed)) {
            throw new AssertionError(where + ": " + document.get("apiVersion") + " " + document.get("kind") + " is not a kind the Kubernetes model knows");
        }
        List<String> unknown = new ArrayList<>();
        unknownFields(typed, typed.getKind(), unknown);
        if (!unknown.isEmpty()) {
            throw new AssertionError(where + ": fields unknown to " + typed.getApiVersion() + " " + typed.getKind() + ": " + unknown);
        }
        return typed;
    }

    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> unknownFields(item, path + "." + key, unknown));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                unknownFields(field, path + "." + decapitalize(getter.getName().substring(3)), unknown);
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

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Map<String, Object> yaml(String text) {
        return cast(new Yaml().load(text));
    }

    private static <T extends HasMetadata> List<T> all(Path layout, Class<T> type) throws IOException {
        return kubernetes(layout, 1).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(Path layout, Class<T> type, String name) throws IOException {
        return all(layout, type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name + " in " + layout));
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new java.util.HashMap<>();
        for (EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), variable.getValue());
        }
        return env;
    }

    /** Whether a Service of the Deployment's own layout sends traffic to its pods. */
    private static boolean served(Deployment deployment) throws IOException {
        Path layout = deployment.getMetadata().getName().equals("tocsin") ? BASE : ROLES;
        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        return all(layout, Service.class).stream()
                .anyMatch(s -> labels.entrySet().containsAll(s.getSpec().getSelector().entrySet()));
    }

    private static List<Map<String, Object>> load(String file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(DEPLOY.resolve(file))) {
            for (Object document : new Yaml().loadAll(reader)) {
                documents.add(cast(document));
            }
        }
        assertThat(documents).as(file).isNotEmpty();
        return documents;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return cast(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (List<Map<String, Object>>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
