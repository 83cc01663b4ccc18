package io.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the deployment files honest without a cluster or a container engine: every YAML document
 * under k8s/ and src/main/docker/docker-compose.yml parses, kustomize references resolve, and every
 * SWITCHBOARD_* or QUARKUS_* variable they set is a key the service reads ({@link ServiceKeys}).
 * A plain JUnit test: no Quarkus application starts.
 */
class DeploymentManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir"));
    private static final Path K8S = ROOT.resolve("k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path COMPOSE = ROOT.resolve("src/main/docker/docker-compose.yml");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern DATA_OPERATION = Pattern.compile("^/(?:data|stringData)/([^/]+)$");

    private static ServiceKeys keys;
    private static List<Document> k8s;

    @BeforeAll
    static void load() {
        keys = ServiceKeys.of(ROOT);
        k8s = yamlFiles(K8S).stream().flatMap(file -> read(file).stream()).toList();
    }

    @Test
    void everyKubernetesDocumentHasApiVersionAndKind() {
        assertFalse(k8s.isEmpty(), "no YAML under " + K8S);
        List<String> problems = new ArrayList<>();
        for (Document document : k8s) {
            for (String field : List.of("apiVersion", "kind")) {
                if (document.node().path(field).asText("").isBlank()) {
                    problems.add(document + ": no " + field);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyKustomizationReferenceExistsAndEveryManifestIsUsed() {
        List<String> problems = new ArrayList<>();
        Set<Path> used = new TreeSet<>();
        for (Document kustomization : kustomizations()) {
            Path directory = kustomization.file().getParent();
            JsonNode node = kustomization.node();
            Consumer<JsonNode> reference = entry -> {
                String value = entry.asText();
                if (value.contains("://")) {
                    return;
                }
                Path target = directory.resolve(value).normalize();
                if (Files.isDirectory(target)) {
                    Path nested = target.resolve("kustomization.yaml");
                    if (Files.isRegularFile(nested)) {
                        used.add(nested);
                    } else {
                        problems.add(kustomization + ": " + value + " is a directory without kustomization.yaml");
                    }
                } else if (Files.isRegularFile(target)) {
                    used.add(target);
                } else {
                    problems.add(kustomization + ": " + value + " does not exist");
                }
            };
            node.path("resources").forEach(reference);
            node.path("components").forEach(reference);
            node.path("patchesStrategicMerge").forEach(reference);
            node.path("patches").forEach(patch -> {
                if (patch.has("path")) {
                    reference.accept(patch.path("path"));
                }
            });
        }
        for (Path file : yamlFiles(K8S)) {
            boolean isKustomization = file.getFileName().toString().equals("kustomization.yaml");
            if (!isKustomization && !used.contains(file)) {
                problems.add(ROOT.relativize(file) + ": no kustomization uses it");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyVariableTheManifestsSetIsAKeyTheServiceReads() {
        List<String> problems = new ArrayList<>();
        for (Document document : k8s) {
            variablesSetBy(document).forEach(name -> keys.problemWith(name)
                    .ifPresent(problem -> problems.add(document + ": " + name + ": " + problem)));
        }
        for (Document compose : read(COMPOSE)) {
            composeVariables(compose).forEach(name -> keys.problemWith(name)
                    .ifPresent(problem -> problems.add(compose + ": " + name + ": " + problem)));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theBaseConfiguresEverySwitchboardKey() {
        Set<String> configured = new TreeSet<>();
        k8s.stream()
                .filter(document -> document.file().startsWith(BASE))
                .filter(document -> Set.of("ConfigMap", "Secret").contains(document.kind()))
                .forEach(document -> configured.addAll(variablesSetBy(document)));
        Set<String> missing = new TreeSet<>(keys.switchboardVariables());
        missing.removeAll(configured);
        assertEquals(Set.of(), missing, "switchboard keys missing from k8s/base/configmap.yaml and secret.yaml");
    }

    @Test
    void unknownAndBuildTimeKeysAreRejected() {
        Document typo = parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: example
                data:
                  SWITCHBOARD_VONAGE_BASE_URL: http://stub
                  SWITCHBOARD_VONAGE_BASE_ULR: http://stub
                  QUARKUS_DATASOURCE_DB_KIND: postgresql
                  QUARKUS_REDIS_MASTERNAME: mymaster
                  JAVA_OPTS_APPEND: -Dignored=true
                """);
        List<String> variables = variablesSetBy(typo);
        assertEquals(List.of("SWITCHBOARD_VONAGE_BASE_URL", "SWITCHBOARD_VONAGE_BASE_ULR",
                "QUARKUS_DATASOURCE_DB_KIND", "QUARKUS_REDIS_MASTERNAME"), variables);
        assertTrue(keys.problemWith("SWITCHBOARD_VONAGE_BASE_URL").isEmpty());
        assertTrue(keys.problemWith("SWITCHBOARD_VONAGE_BASE_ULR").isPresent());
        assertTrue(keys.problemWith("QUARKUS_DATASOURCE_DB_KIND").orElseThrow().contains("fixed when the application is built"));
        assertTrue(keys.problemWith("QUARKUS_REDIS_MASTERNAME").isPresent());
    }

    @Test
    void theKeyListsComeFromTheService() {
        assertTrue(keys.hasQuarkusModel(), "no Quarkus config model on the class path");
        assertTrue(keys.switchboardKeys.containsAll(Set.of("switchboard.vonage.base-url", "switchboard.log.json")),
                keys.switchboardKeys::toString);
        assertTrue(keys.bareVariables.containsAll(Set.of("SWITCHBOARD_JWT_PUBLIC_KEY_LOCATION",
                "SWITCHBOARD_JWT_PRIVATE_KEY_LOCATION")), keys.bareVariables::toString);
        List<String> notRuntime = ServiceKeys.STANDARD_QUARKUS_KEYS.stream()
                .filter(key -> !keys.isRuntimeQuarkusKey(key))
                .toList();
        assertEquals(List.of(), notRuntime, "STANDARD_QUARKUS_KEYS holds keys no extension reads at run time");
    }

    @Test
    void podsDrainWithinTheGracePeriodAndProbeHealth() {
        Document deployment = k8s.stream()
                .filter(document -> document.file().startsWith(BASE) && document.kind().equals("Deployment"))
                .findFirst().orElseThrow();
        JsonNode pod = deployment.node().path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").path(0);
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        JsonNode preStop = container.path("lifecycle").path("preStop").path("exec").path("command");
        assertEquals("sleep", preStop.path(0).asText(), "preStop should sleep while endpoints drop the pod");
        int sleep = Integer.parseInt(preStop.path(1).asText());
        int grace = pod.path("terminationGracePeriodSeconds").asInt();
        assertTrue(grace >= sleep + 30, "terminationGracePeriodSeconds " + grace
                + " leaves less than 30 s to drain WebSockets after the " + sleep + " s preStop sleep");

        Set<String> defined = new TreeSet<>();
        k8s.stream().filter(document -> document.file().startsWith(BASE))
                .forEach(document -> defined.add(document.kind() + "/" + document.node().path("metadata").path("name").asText()));
        container.path("envFrom").forEach(source -> {
            String reference = source.has("configMapRef")
                    ? "ConfigMap/" + source.path("configMapRef").path("name").asText()
                    : "Secret/" + source.path("secretRef").path("name").asText();
            assertTrue(defined.contains(reference), reference + " is not defined in k8s/base");
        });
    }

    @Test
    void theIngressExposesNoManagementPathAndLogsNoLiveStreamUrl() {
        List<Document> ingresses = k8s.stream()
                .filter(document -> document.file().startsWith(BASE) && document.kind().equals("Ingress")).toList();
        Set<String> exposed = new TreeSet<>();
        for (Document ingress : ingresses) {
            List<String> paths = new ArrayList<>();
            ingress.node().path("spec").path("rules").forEach(rule ->
                    rule.path("http").path("paths").forEach(path -> paths.add(path.path("path").asText())));
            exposed.addAll(paths);
            if (paths.contains("/ws")) {
                assertEquals("false", ingress.node().path("metadata").path("annotations")
                                .path("nginx.ingress.kubernetes.io/enable-access-log").asText(),
                        "browsers put their token in /ws URLs: that Ingress must not log them");
                assertEquals(List.of("/ws"), paths, "only the live stream goes without an access log");
            }
        }
        assertEquals(Set.of("/api", "/ws", "/webhooks"), exposed, "/q/ (health, metrics, OpenAPI) stays inside the cluster");
    }

    /** SWITCHBOARD_* and QUARKUS_* names a document sets: ConfigMap and Secret keys, container env, inline patches. */
    private static List<String> variablesSetBy(Document document) {
        List<String> names = new ArrayList<>();
        JsonNode node = document.node();
        if (document.kind().equals("ConfigMap") || document.kind().equals("Secret")) {
            for (String section : List.of("data", "stringData", "binaryData")) {
                node.path(section).fieldNames().forEachRemaining(names::add);
            }
        }
        collectContainerEnv(node, names);
        if (document.kind().equals("Kustomization")) {
            node.path("patches").forEach(patch -> {
                if (patch.has("patch")) {
                    names.addAll(inlinePatchVariables(document, patch.path("patch").asText()));
                }
            });
        }
        return names.stream().filter(ServiceKeys::isServiceVariable).toList();
    }

    private static List<String> inlinePatchVariables(Document kustomization, String patch) {
        List<String> names = new ArrayList<>();
        JsonNode parsed = parse(patch).node();
        if (parsed.isArray()) {
            for (JsonNode operation : parsed) {
                Matcher data = DATA_OPERATION.matcher(operation.path("path").asText());
                if (data.matches()) {
                    names.add(data.group(1));
                }
                collectContainerEnv(operation.path("value"), names);
                if (operation.path("path").asText().contains("/env") && operation.path("value").has("name")) {
                    names.add(operation.path("value").path("name").asText());
                }
            }
        } else if (parsed.has("kind")) {
            names.addAll(variablesSetBy(new Document(kustomization.file(), kustomization.index(), parsed)));
        }
        return names;
    }

    /** env names of every container list anywhere below the node (Deployment, StatefulSet, Job, ...). */
    private static void collectContainerEnv(JsonNode node, List<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("containers") || field.getKey().equals("initContainers")) {
                    field.getValue().forEach(container -> container.path("env")
                            .forEach(env -> names.add(env.path("name").asText())));
                } else {
                    collectContainerEnv(field.getValue(), names);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectContainerEnv(child, names));
        }
    }

    /** Names in every compose service's environment, as a map or as a list of NAME=value. */
    private static List<String> composeVariables(Document compose) {
        List<String> names = new ArrayList<>();
        JsonNode services = compose.node().path("services");
        assertTrue(services.isObject() && services.size() > 0, compose + ": no services");
        services.fields().forEachRemaining(service -> {
            JsonNode environment = service.getValue().path("environment");
            if (environment.isObject()) {
                environment.fieldNames().forEachRemaining(names::add);
            } else if (environment.isArray()) {
                environment.forEach(entry -> names.add(entry.asText().split("=", 2)[0]));
            } else if (!environment.isMissingNode()) {
                // Jackson does not resolve YAML aliases: an "environment: *anchor" would hide its keys.
                throw new AssertionError(compose + ": services." + service.getKey()
                        + ".environment must be a map or a list, not " + environment);
            }
        });
        return names.stream().filter(ServiceKeys::isServiceVariable).toList();
    }

    private static List<Document> kustomizations() {
        return k8s.stream().filter(document -> document.kind().equals("Kustomization")).toList();
    }

    private static List<Path> yamlFiles(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Document> read(Path file) {
        List<Document> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            int index = 0;
            while (iterator.hasNextValue()) {
                JsonNode node = iterator.nextValue();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(new Document(file, index, node));
                }
                index++;
            }
        } catch (IOException e) {
            throw new AssertionError(ROOT.relativize(file) + " is not valid YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    private static Document parse(String yaml) {
        try {
            return new Document(ROOT.resolve("inline.yaml"), 0, YAML.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One YAML document of a file; index counts documents separated by ---. */
    private record Document(Path file, int index, JsonNode node) {

        String kind() {
            return node.path("kind").asText("");
        }

        @Override
        public String toString() {
            return ROOT.relativize(file) + (index > 0 ? " (document " + (index + 1) + ")" : "");
        }
    }
}
