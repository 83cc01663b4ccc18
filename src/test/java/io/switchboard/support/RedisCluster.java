package io.switchboard.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three masters (no replicas), started by a test from the Debian
 * {@code redis-server} on spare local ports and stopped by it: the engine the design scales out on.
 */
public final class RedisCluster implements AutoCloseable {

    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> nodes = new ArrayList<>();

    private RedisCluster() {
    }

    public static RedisCluster start() {
        RedisCluster cluster = new RedisCluster();
        try {
            for (int i = 0; i < 3; i++) {
                int port = ServiceInstance.freePort();
                Path dir = Files.createDirectories(Path.of("target", "redis-cluster-" + port));
                cluster.ports.add(port);
                cluster.nodes.add(new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
                        "--save", "", "--appendonly", "no"))
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile())
                        .start());
            }
            for (int port : cluster.ports) {
                cluster.await(port, "PONG", "PING");
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            cluster.ports.forEach(port -> create.add("127.0.0.1:" + port));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String created = run(create);
            if (!created.contains("All 16384 slots covered")) {
                throw new IllegalStateException("Cluster not created: " + created);
            }
            for (int port : cluster.ports) {
                cluster.await(port, "cluster_state:ok", "CLUSTER", "INFO");
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw new IllegalStateException("Could not start a Redis Cluster", e);
        }
    }

    /** The value of {@code quarkus.redis.hosts}: every master. */
    public String hosts() {
        return ports.stream().map(port -> "redis://127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** Runs a command on the node holding the key's slot (redis-cli -c follows redirects). */
    public String command(String... args) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-c", "-p", String.valueOf(ports.get(0))));
        line.addAll(List.of(args));
        return run(line);
    }

    private void await(int port, String expected, String... command) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        List<String> line = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        line.addAll(List.of(command));
        while (Instant.now().isBefore(deadline)) {
            if (run(line).contains(expected)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("Redis node " + port + " never answered " + expected);
    }

    private static String run(List<String> line) {
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).directory(new File(".")).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        nodes.forEach(node -> {
            node.destroyForcibly();
            try {
                node.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
