package io.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import io.switchboard.common.SwitchboardConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys the service reads, and the environment variable names that set them.
 * <ul>
 * <li>switchboard.*: the {@link SwitchboardConfig} mapping (by reflection, kebab-cased as SmallRye
 * does) and every {@code @ConfigProperty(name = "switchboard...")} in src/main/java;</li>
 * <li>bare variables that application.properties reads as {@code ${NAME}}
 * (SWITCHBOARD_JWT_PUBLIC_KEY_LOCATION, ...);</li>
 * <li>quarkus.*: keys that application.properties sets, plus {@link #STANDARD_QUARKUS_KEYS}, each
 * only if the Quarkus config model of the extensions on the class path says it can change at run
 * time: a build-time key set in a manifest would be silently ignored.</li>
 * </ul>
 * A variable maps to a key the Quarkus way: the key with every character other than a letter or a
 * digit replaced by '_', upper-cased ({@code quarkus.datasource.reactive.url} is
 * {@code QUARKUS_DATASOURCE_REACTIVE_URL}).
 */
final class ServiceKeys {

    /** Standard Quarkus keys the manifests set although application.properties does not. */
    static final Set<String> STANDARD_QUARKUS_KEYS = Set.of(
            "quarkus.redis.client-type",
            "quarkus.redis.master-name",
            "quarkus.redis.role",
            "quarkus.redis.password",
            "quarkus.log.level",
            "quarkus.profile");

    private static final String CONFIG_MODEL = "META-INF/quarkus-config-doc/quarkus-config-model.json";
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern BARE_EXPRESSION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern PROFILE = Pattern.compile("^%[^.]+\\.");

    /** Every switchboard.* key the service reads. */
    final Set<String> switchboardKeys;
    /** Variables application.properties reads directly, as ${NAME}. */
    final Set<String> bareVariables;
    /** quarkus.* keys set in application.properties, without profile prefixes. */
    final Set<String> propertiesQuarkusKeys;
    /** The Quarkus config model: key to phase (RUN_TIME, BUILD_TIME, ...), and key patterns with map keys. */
    private final QuarkusModel quarkusModel;
    /** Accepted variable name to the key it sets. */
    private final Map<String, String> accepted = new TreeMap<>();

    private ServiceKeys(Set<String> switchboardKeys, Set<String> bareVariables, Set<String> propertiesQuarkusKeys,
                        QuarkusModel quarkusModel) {
        this.switchboardKeys = Collections.unmodifiableSet(switchboardKeys);
        this.bareVariables = Collections.unmodifiableSet(bareVariables);
        this.propertiesQuarkusKeys = Collections.unmodifiableSet(propertiesQuarkusKeys);
        this.quarkusModel = quarkusModel;
        switchboardKeys.forEach(key -> accepted.put(variableOf(key), key));
        bareVariables.forEach(name -> accepted.put(name, "${" + name + "} in application.properties"));
        Stream.concat(propertiesQuarkusKeys.stream(), STANDARD_QUARKUS_KEYS.stream())
                .filter(this::isRuntimeQuarkusKey)
                .forEach(key -> accepted.put(variableOf(key), key));
    }

    /** Reads the keys from the project at {@code root} and the Quarkus extensions on the class path. */
    static ServiceKeys of(Path root) {
        Set<String> switchboard = new TreeSet<>();
        collectMapping(SwitchboardConfig.class, "switchboard", switchboard);
        Set<String> injected = configPropertyNames(root.resolve("src/main/java"));
        injected.stream().filter(key -> key.startsWith("switchboard.")).forEach(switchboard::add);

        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> quarkus = new TreeSet<>();
        Set<String> bare = new TreeSet<>();
        for (String name : properties.stringPropertyNames()) {
            String key = PROFILE.matcher(name).replaceFirst("");
            if (key.startsWith("quarkus.")) {
                quarkus.add(key);
            }
            Matcher expression = BARE_EXPRESSION.matcher(properties.getProperty(name));
            while (expression.find()) {
                bare.add(expression.group(1));
            }
        }
        return new ServiceKeys(switchboard, bare, quarkus, quarkusConfigModel());
    }

    /** The Quarkus way from a key to its environment variable. */
    static String variableOf(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Whether the manifests' checks apply to this variable at all. */
    static boolean isServiceVariable(String name) {
        return name.startsWith("SWITCHBOARD_") || name.startsWith("QUARKUS_");
    }

    /** Why the service would not read this variable, or empty when it does. */
    Optional<String> problemWith(String variable) {
        if (accepted.containsKey(variable)) {
            return Optional.empty();
        }
        Optional<String> buildTime = Stream.concat(propertiesQuarkusKeys.stream(), STANDARD_QUARKUS_KEYS.stream())
                .filter(key -> variableOf(key).equals(variable))
                .findFirst();
        if (buildTime.isPresent()) {
            return Optional.of("sets " + buildTime.get() + ", which is fixed when the application is built");
        }
        return Optional.of(variable.startsWith("SWITCHBOARD_")
                ? "no switchboard.* key of the service matches it"
                : "not a quarkus.* key of application.properties nor of ServiceKeys.STANDARD_QUARKUS_KEYS");
    }

    /** The variables that set every switchboard.* key, and the ones application.properties reads directly. */
    Set<String> switchboardVariables() {
        Set<String> variables = new TreeSet<>();
        switchboardKeys.forEach(key -> variables.add(variableOf(key)));
        bareVariables.stream().filter(name -> name.startsWith("SWITCHBOARD_")).forEach(variables::add);
        return variables;
    }

    /** Whether a key exists in the Quarkus config model and takes effect at run time. */
    boolean isRuntimeQuarkusKey(String key) {
        return phaseOf(key).filter("RUN_TIME"::equals).isPresent();
    }

    /** The key's phase in the Quarkus config model, empty if no extension on the class path defines it. */
    Optional<String> phaseOf(String key) {
        String exact = quarkusModel.keys().get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        return quarkusModel.patterns().entrySet().stream()
                .filter(entry -> entry.getKey().matcher(key).matches())
                .map(Map.Entry::getValue)
                .findFirst();
    }

    boolean hasQuarkusModel() {
        return !quarkusModel.keys().isEmpty();
    }

    private static void collectMapping(Class<?> mapping, String prefix, Set<String> keys) {
        for (Method method : mapping.getDeclaredMethods()) {
            if (method.isDefault() || method.isSynthetic() || Modifier.isStatic(method.getModifiers())
                    || method.getParameterCount() > 0) {
                continue;
            }
            String name = method.isAnnotationPresent(WithName.class)
                    ? method.getAnnotation(WithName.class).value()
                    : kebab(method.getName());
            String key = method.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + name;
            Optional<Class<?>> group = groupType(method);
            if (group.isPresent()) {
                collectMapping(group.get(), key, keys);
            } else {
                keys.add(key);
            }
        }
    }

    /** The nested mapping interface a method returns, directly or in an Optional. */
    private static Optional<Class<?>> groupType(Method method) {
        Class<?> type = method.getReturnType();
        if (type == Optional.class && method.getGenericReturnType() instanceof ParameterizedType optional) {
            Type argument = optional.getActualTypeArguments()[0];
            type = argument instanceof Class<?> c ? c : Object.class;
        }
        boolean group = type.isInterface() && !type.getName().startsWith("java.");
        return group ? Optional.of(type) : Optional.empty();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Set<String> configPropertyNames(Path sources) {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher matcher = CONFIG_PROPERTY.matcher(Files.readString(file));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * Every key of every Quarkus extension on the class path, from the config model each extension
     * jar carries. A map key in the model ({@code quarkus.log.category."categories".level}) matches
     * any one segment or quoted segment.
     */
    private static QuarkusModel quarkusConfigModel() {
        QuarkusModel model = new QuarkusModel(new TreeMap<>(), new TreeMap<>((a, b) -> a.pattern().compareTo(b.pattern())));
        ObjectMapper json = new ObjectMapper();
        try {
            List<URL> urls = Collections.list(ServiceKeys.class.getClassLoader().getResources(CONFIG_MODEL));
            for (URL url : urls) {
                try (InputStream in = url.openStream()) {
                    List<JsonNode> items = new ArrayList<>();
                    json.readTree(in).path("configRoots").forEach(root -> collectItems(root.path("items"), items));
                    for (JsonNode item : items) {
                        String phase = item.path("phase").asText();
                        addPath(model, item.path("path"), phase);
                        item.path("additionalPaths").forEach(path -> addPath(model, path, phase));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return model;
    }

    private static void collectItems(JsonNode items, List<JsonNode> into) {
        for (JsonNode item : items) {
            if (item.path("path").has("property")) {
                into.add(item);
            }
            collectItems(item.path("items"), into);
        }
    }

    private static void addPath(QuarkusModel model, JsonNode path, String phase) {
        String property = path.path("property").asText("");
        if (property.isEmpty() || phase.isEmpty()) {
            return;
        }
        if (!property.contains("\"")) {
            model.keys().putIfAbsent(property, phase);
            return;
        }
        StringBuilder regex = new StringBuilder();
        Matcher placeholder = Pattern.compile("\"[^\"]*\"").matcher(property);
        int last = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(property.substring(last, placeholder.start()))).append("(\"[^\"]+\"|[^.\"]+)");
            last = placeholder.end();
        }
        regex.append(Pattern.quote(property.substring(last)));
        model.patterns().putIfAbsent(Pattern.compile(regex.toString()), phase);
    }

    private record QuarkusModel(Map<String, String> keys, Map<Pattern, String> patterns) {
    }
}
