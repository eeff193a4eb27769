package io.tributary.session.batches;

import io.tributary.session.errors.KyuubiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code JAVA} batches: a main class from a jar, run as a child JVM in a working directory of its own. A small
 * shell wrapper records the exit status in a file, and the output goes to a file, so both outlive this server: a
 * restarted server re-attaches to a process still alive, and reads the status of one that ended meanwhile.
 */
@Component
class JavaBatches {

    private static final Logger log = LoggerFactory.getLogger(JavaBatches.class);
    static final String OUTPUT = "output.log";
    static final String EXIT = "exit_code";

    private final BatchStore store;
    private final Path root;
    private final Map<UUID, ProcessHandle> live = new ConcurrentHashMap<>();
    private final BatchEnvironment environment;
    private final List<String> commandPrefix;

    JavaBatches(BatchStore store, BatchProperties properties) {
        this.store = store;
        this.root = Path.of(properties.workDir());
        this.environment = new BatchEnvironment(properties.batchEnvironment());
        this.commandPrefix = properties.commandPrefix();
    }

    /** Where the jar of a batch is: the uploaded file, saved in the batch's directory, or a local path. */
    Path prepare(UUID id, NewBatch request) {
        if (request.className() == null || request.className().isBlank()) {
            throw KyuubiException.invalid("className is required for a JAVA batch");
        }
        if (request.className().strip().startsWith("-")) {
            // the java command line would read it as a JVM option (-javaagent:...)
            throw KyuubiException.invalid("Invalid className " + request.className()
                    + ": a class name must not start with '-'");
        }
        Path dir = root.resolve(id.toString());
        try {
            Files.createDirectories(dir);
            if (request.uploaded() != null) {
                Path jar = dir.resolve(uploadName(request.uploadedName(), "resource.jar"));
                Files.write(jar, request.uploaded());
                return jar;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the batch directory " + dir, e);
        }
        if (request.resource() == null || request.resource().isBlank()) {
            throw KyuubiException.invalid("A JAVA batch needs its jar: upload it as resourceFile, or give a local "
                    + "path as resource");
        }
        Path jar = Path.of(request.resource());
        if (!Files.isRegularFile(jar)) {
            throw KyuubiException.invalid("The resource " + request.resource() + " is not a file on this server");
        }
        return jar;
    }

    void start(UUID id, Path jar, String className, List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toAbsolutePath().toString(), className));
        command.addAll(args == null ? List.of() : args);
        launch(id, command, "java-", false);
    }

    /** Where an uploaded resource is saved for a batch (its own directory), or {@code null} when none was. */
    String saveUpload(UUID id, NewBatch request, String fallbackName) {
        if (request.uploaded() == null) {
            return null;
        }
        Path dir = root.resolve(id.toString());
        Path file = dir.resolve(uploadName(request.uploadedName(), fallbackName));
        try {
            Files.createDirectories(dir);
            Files.write(file, request.uploaded());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the resource of batch " + id, e);
        }
        return file.toAbsolutePath().toString();
    }

    /**
     * The last part of a client's filename, saved in the batch's own directory: {@code fallback} when there is none
     * ({@code /}, empty) or it would leave the directory ({@code .}, {@code ..}); a name no path can hold is a 400.
     */
    static String uploadName(String submitted, String fallback) {
        if (submitted == null || submitted.isBlank()) {
            return fallback;
        }
        Path name;
        try {
            name = Path.of(submitted).getFileName();
        } catch (java.nio.file.InvalidPathException e) {
            throw KyuubiException.invalid("Invalid resourceFile filename " + submitted + ": " + e.getReason());
        }
        if (name == null) {
            return fallback;
        }
        String text = name.toString();
        return text.isBlank() || text.equals(".") || text.equals("..") ? fallback : text;
    }

    /**
     * Runs {@code command} as the batch's process in its own directory: a shell wrapper records its exit status
     * in a file and its output goes to a file, so both outlive this server.
     */
    void launch(UUID id, List<String> command, String appIdPrefix, boolean spark) {
        Path dir = root.resolve(id.toString());
        // the server's environment carries its database and engine passwords: a batch gets none of it
        Map<String, String> childEnvironment = environment.forChild(System.getenv(), spark);
        List<String> wrapped = wrap(commandPrefix, childEnvironment, command);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            store.end(id, BatchState.ERROR, "Could not prepare the batch directory: " + e.getMessage());
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(wrapped).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(OUTPUT).toFile());
        builder.environment().clear();
        builder.environment().putAll(childEnvironment);
        try {
            Process process = builder.start();
            store.started(id, appIdPrefix + process.pid());
            store.process(id, process.pid(), dir.toString());
            watch(id, process.toHandle(), dir);
        } catch (IOException e) {
            store.end(id, BatchState.ERROR, "Could not start the batch process: " + e.getMessage());
        }
    }

    /**
     * The command line of a batch process. The wrapper shell runs as this server, so it can write the exit status in
     * the server's batch directory and be signalled by {@link #kill}; the prefix ({@code sudo -n -u batchuser --})
     * wraps only the batch command. A prefix may reset the environment (sudo's {@code env_reset}), so the batch's
     * environment is passed on after it through {@code env NAME=value ...}.
     */
    static List<String> wrap(List<String> prefix, Map<String, String> childEnvironment, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\"; echo $? > " + EXIT, "sh"));
        if (!prefix.isEmpty()) {
            wrapped.addAll(prefix);
            wrapped.add("/usr/bin/env");
            childEnvironment.forEach((name, value) -> wrapped.add(name + "=" + value));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /** Picks up the processes of unfinished batches a previous server started. */
    void reattach(String instance) {
        for (BatchStore.ProcessRow row : store.unfinishedProcesses(instance)) {
            Optional<ProcessHandle> handle = ProcessHandle.of(row.pid()).filter(ProcessHandle::isAlive);
            if (handle.isPresent()) {
                log.info("Re-attached to batch {} (pid {})", row.id(), row.pid());
                watch(row.id(), handle.get(), Path.of(row.workDir()));
            } else {
                finish(row.id(), Path.of(row.workDir()));
            }
        }
    }

    boolean kill(UUID id) {
        ProcessHandle handle = live.remove(id);
        if (handle == null) {
            return false;
        }
        handle.descendants().forEach(ProcessHandle::destroy);
        handle.destroy();
        return true;
    }

    /** Lines of the process output, or nothing for a batch that is not a process. */
    Optional<List<String>> log(UUID id, int from, int size) {
        return store.workDir(id).map(dir -> {
            Path output = Path.of(dir, OUTPUT);
            if (!Files.exists(output)) {
                return List.<String>of();
            }
            try (Stream<String> lines = Files.lines(output, StandardCharsets.UTF_8)) {
                return lines.skip(from).limit(size).toList();
            } catch (IOException | UncheckedIOException e) {
                throw new KyuubiException(KyuubiException.Reason.UNAVAILABLE,
                        "Could not read the log of batch " + id + ": " + e.getMessage());
            }
        });
    }

    private void watch(UUID id, ProcessHandle handle, Path dir) {
        live.put(id, handle);
        handle.onExit().thenRun(() -> {
            live.remove(id);
            finish(id, dir);
        });
    }

    /** Ends the batch from its recorded exit status; a batch already ended (killed) stays as it is. */
    private void finish(UUID id, Path dir) {
        try {
            Path exit = dir.resolve(EXIT);
            if (!Files.exists(exit)) {
                store.end(id, BatchState.ERROR, "The batch process ended without an exit status");
                return;
            }
            String code = Files.readString(exit).trim();
            if (code.equals("0")) {
                store.end(id, BatchState.FINISHED, null);
            } else {
                store.end(id, BatchState.ERROR, "The batch process exited with status " + code + ": "
                        + lastLine(dir.resolve(OUTPUT)));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not record the end of batch {}: {}", id, e.getMessage());
        }
    }

    private static String lastLine(Path output) throws IOException {
        if (!Files.exists(output)) {
            return "";
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).trim();
            }
        }
        return "";
    }
}
