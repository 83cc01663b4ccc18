package io.switchboard.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packages depend on each other one way only: no package reaches, directly or through others,
 * a package that depends back on it. A feature's sub-packages count as packages of their own (the
 * core {@code conversation} never reaches into {@code conversation.ownership}). Read from the
 * sources, so it needs no build tool.
 */
class PackageCyclesTest {

    private static final Path MAIN = Path.of("src/main/java/io/switchboard");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.switchboard\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            for (String next : uses.get(start)) {
                if (reaches(uses, next, start, new TreeSet<>())) {
                    cycles.add(start + " -> " + next + " -> ... -> " + start);
                }
            }
        }
        assertEquals(List.of(), cycles, "package dependencies: " + uses);
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String feature = MAIN.relativize(file.getParent()).toString().replace(java.io.File.separatorChar, '.');
                Set<String> used = uses.computeIfAbsent(feature, f -> new TreeSet<>());
                String code = Files.readString(file).replaceFirst("(?m)^package [^;]+;", "");
                Matcher reference = REFERENCE.matcher(code);
                while (reference.find()) {
                    if (!reference.group(1).equals(feature)) {
                        used.add(reference.group(1));
                    }
                }
            }
        }
        return uses;
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        return uses.getOrDefault(from, Set.of()).stream().anyMatch(next -> reaches(uses, next, target, seen));
    }
}
