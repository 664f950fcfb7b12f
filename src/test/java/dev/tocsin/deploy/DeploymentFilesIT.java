package dev.tocsin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no container engine on the build machines, so the deployment files are checked for what
 * can be checked without one: they parse, they agree with each other and with the service (ports,
 * health paths, settings), and the image copies files the package phase really produces.
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
