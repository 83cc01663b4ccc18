package io.switchboard.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Who may start service instances while failsafe's other fork does. Every instance on the shared
 * PostgreSQL relays every workspace's pending events, into the Redis it was given: a test whose
 * instances have a Redis of their own must therefore run while no instance on the shared Redis
 * runs, or such an instance relays that test's events where its clients never look (seen in CI).
 * Tests on the shared Redis hold a shared lock, the others an exclusive one, across both forks.
 * Hold it from before the first instance starts until after the last one stopped.
 */
public final class SharedServices implements AutoCloseable {

    private static final Path LOCK = Path.of("target", "service-instances.lock");

    private final FileChannel channel;
    private final FileLock lock;

    private SharedServices(boolean shared) {
        try {
            Files.createDirectories(LOCK.getParent());
            channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            lock = channel.lock(0, Long.MAX_VALUE, shared);
        } catch (IOException e) {
            throw new IllegalStateException("Could not lock " + LOCK, e);
        }
    }

    /** For instances on the shared Redis: any number of such tests at once. */
    public static SharedServices share() {
        return new SharedServices(true);
    }

    /** For instances with a Redis of their own: alone. */
    public static SharedServices alone() {
        return new SharedServices(false);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new IllegalStateException("Could not unlock " + LOCK, e);
        }
    }
}
