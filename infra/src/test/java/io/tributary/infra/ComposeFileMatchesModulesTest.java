package io.tributary.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tributary.infra.local.PgInitScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml agrees with the application modules, without Docker: every application has a compose
 * service (named like its module) built from a Dockerfile that exists (context: the repository root) and that
 * copies the module's exec jar; the published port is the module's {@code server.port} default; the compose file
 * sets only environment variables that the module's configuration ({@code src/main/resources/<module>.yml}) reads through {@code ${NAME:default}} placeholders, and every placeholder without
 * a default is set.
 *
 * <p>The repository root is found by walking up from the working directory to the tributary-parent pom, or given
 * with {@code -Dtributary.root=...}.
 */
class ComposeFileMatchesModulesTest {

    static final List<String> MODULES =
            List.of("gateway", "sql-service", "proxy-service", "connect-service", "session-service");

    /** {@code ${NAME}} or {@code ${NAME:default}}; the default may itself hold a placeholder. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:\\s]+)(:)?");
    /** Environment-variable-like names; lower-case dotted names are property references, not variables. */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    private static Path root;
    private static Map<String, Object> services;
    private static String version;

    @BeforeAll
    static void loadComposeFile() throws IOException {
        root = findRoot();
        Path compose = root.resolve("docker-compose.yml");
        assertTrue(Files.isRegularFile(compose), "no docker-compose.yml at the repository root " + root);
        Map<String, Object> doc = asMap(load(compose), "docker-compose.yml");
        services = asMap(doc.get("services"), "docker-compose.yml services");
        Matcher m = Pattern.compile("<artifactId>tributary-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        assertTrue(m.find(), "no tributary-parent version in the root pom.xml");
        version = m.group(1).trim();
    }

    static Stream<String> modules() {
        return MODULES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void composeServiceIsBuiltFromAnExistingDockerfile(String module) {
        Path dockerfile = dockerfileOf(module);
        assertTrue(Files.isRegularFile(dockerfile), module + ": Dockerfile " + root.relativize(dockerfile)
                + " does not exist");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void dockerfileCopiesTheModulesExecJar(String module) throws IOException {
        Path dockerfile = dockerfileOf(module);
        String jar = module + "/target/" + module + "-" + version + "-exec.jar";
        boolean copies = Files.readAllLines(dockerfile).stream()
                .map(String::trim)
                .filter(l -> l.matches("(?i)(COPY|ADD)\\s.*"))
                .anyMatch(l -> List.of(l.split("\\s+")).contains(jar));
        assertTrue(copies, module + ": " + root.relativize(dockerfile) + " does not COPY " + jar);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void publishedPortIsTheModulesServerPortDefault(String module) throws IOException {
        int defaultPort = serverPortDefault(module);
        Map<String, Object> service = service(module);
        List<int[]> mappings = portMappings(module, service.get("ports"));
        assertTrue(mappings.stream().anyMatch(p -> p[0] == defaultPort),
                module + ": no port published on " + defaultPort + " (the server.port default of its configuration); ports: "
                        + service.get("ports"));
        String serverPort = environment(module).get("SERVER_PORT");
        int containerPort = serverPort == null ? defaultPort : Integer.parseInt(serverPort.trim());
        assertTrue(mappings.stream().anyMatch(p -> p[0] == defaultPort && p[1] == containerPort),
                module + ": published port " + defaultPort + " must map to the container port the application "
                        + "listens on (" + containerPort + "); ports: " + service.get("ports"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void environmentMatchesTheModulesPlaceholders(String module) throws IOException {
        Map<String, Boolean> placeholders = placeholders(module);
        Set<String> set = environment(module).keySet();

        Set<String> unread = new TreeSet<>(set);
        unread.removeAll(placeholders.keySet());
        assertTrue(unread.isEmpty(), module + ": docker-compose.yml sets " + unread + ", which "
                + module + "'s " + configFiles(module).stream().map(p -> p.getFileName().toString()).toList()
                + " does not read (its placeholders: "
                + new TreeSet<>(placeholders.keySet()) + ")");

        Set<String> missing = new TreeSet<>();
        placeholders.forEach((name, hasDefault) -> {
            if (!hasDefault && !set.contains(name)) {
                missing.add(name);
            }
        });
        assertTrue(missing.isEmpty(), module + ": its configuration has no default for " + missing
                + " and docker-compose.yml does not set it");
    }

    @Test
    void postgresMountsTheInitScriptLocalPostgresRuns() throws IOException {
        Map<String, Object> postgres = service("postgres");
        Object volumes = postgres.get("volumes");
        assertNotNull(volumes, "postgres: no volumes");
        boolean mounted = ((List<?>) volumes).stream().map(String::valueOf)
                .anyMatch(v -> v.startsWith("./infra/docker/postgres-init:/docker-entrypoint-initdb.d"));
        assertTrue(mounted, "postgres must mount ./infra/docker/postgres-init on /docker-entrypoint-initdb.d: "
                + volumes);
        // the script has to stay within the psql subset LocalPostgres runs (PgInitScript)
        Path script = root.resolve("infra/docker/postgres-init/01-tributary.sql");
        assertTrue(Files.isRegularFile(script), "missing " + root.relativize(script));
        assertTrue(PgInitScript.parse(Files.readString(script)).size() > 10, "init script parsed to nothing");
    }

    // ------------------------------------------------------------------------------------------ compose side

    private static Map<String, Object> service(String name) {
        assertTrue(services.containsKey(name), "docker-compose.yml has no service '" + name + "' (services: "
                + services.keySet() + ")");
        return asMap(services.get(name), "service " + name);
    }

    private static Path dockerfileOf(String module) {
        Object build = service(module).get("build");
        assertNotNull(build, module + ": no build section");
        Path context;
        String dockerfile = "Dockerfile";
        if (build instanceof String s) {
            context = root.resolve(s).normalize();
        } else {
            Map<String, Object> b = asMap(build, module + " build");
            context = root.resolve(String.valueOf(b.getOrDefault("context", "."))).normalize();
            dockerfile = String.valueOf(b.getOrDefault("dockerfile", "Dockerfile"));
        }
        assertEquals(root, context, module + ": the build context must be the repository root");
        return context.resolve(dockerfile).normalize();
    }

    /** The environment the compose file sets for a service: a map or a list of NAME=value (or NAME). */
    private static Map<String, String> environment(String name) {
        Object env = service(name).get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env == null) {
            return out;
        }
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (env instanceof List<?> list) {
            for (Object o : list) {
                String s = String.valueOf(o);
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        } else {
            fail(name + ": environment is neither a map nor a list: " + env);
        }
        assertTrue(!service(name).containsKey("env_file"), name + ": configure through environment, not env_file");
        return out;
    }

    /** [published, target] pairs of short ({@code "8088:8088"}, {@code "127.0.0.1:8088:8088/tcp"}) or long syntax. */
    private static List<int[]> portMappings(String module, Object ports) {
        List<int[]> out = new ArrayList<>();
        if (!(ports instanceof List<?> list)) {
            fail(module + ": no ports published");
            return out;
        }
        for (Object p : list) {
            if (p instanceof Map<?, ?> m) {
                Object published = m.get("published");
                Object target = m.get("target");
                if (published != null && target != null) {
                    out.add(new int[] {Integer.parseInt(String.valueOf(published)),
                        Integer.parseInt(String.valueOf(target))});
                }
            } else {
                String s = String.valueOf(p).replaceAll("/(tcp|udp)$", "");
                String[] parts = s.split(":");
                if (parts.length >= 2) {
                    out.add(new int[] {Integer.parseInt(parts[parts.length - 2]),
                        Integer.parseInt(parts[parts.length - 1])});
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ module side

    /**
     * The module's configuration file, named after it ({@code <module>.yml}): every application's plain jar shares
     * one classpath in infra's suite tests, where an {@code application.yml} of one module would be read by all.
     */
    private static List<Path> configFiles(String module) {
        Path resources = root.resolve(module).resolve("src/main/resources");
        assertTrue(!Files.exists(resources.resolve("application.yml")), module
                + ": name its configuration " + module + ".yml, not application.yml (see TributaryApplication)");
        Path file = resources.resolve(module + ".yml");
        assertTrue(Files.isRegularFile(file), module + ": missing " + root.relativize(file));
        return List.of(file);
    }

    /** Environment-variable placeholders in the module's configuration: name to whether it has a default. */
    private static Map<String, Boolean> placeholders(String module) throws IOException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (Path file : configFiles(module)) {
            lines.addAll(Files.readAllLines(file));
        }
        for (String line : lines) {
            String content = stripComment(line);
            Matcher m = PLACEHOLDER.matcher(content);
            while (m.find()) {
                String name = m.group(1);
                if (ENV_NAME.matcher(name).matches()) {
                    out.merge(name, m.group(2) != null, Boolean::logicalOr);
                }
            }
        }
        return out;
    }

    /** The default of {@code server.port} in the module's configuration (the first document that sets it). */
    private static int serverPortDefault(String module) throws IOException {
        for (Path yml : configFiles(module)) {
            Integer port = serverPortDefault(module, yml);
            if (port != null) {
                return port;
            }
        }
        fail(module + ": its configuration does not set server.port (expected ${SERVER_PORT:<port>})");
        return -1;
    }

    private static Integer serverPortDefault(String module, Path yml) throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        try (InputStream in = Files.newInputStream(yml)) {
            for (Object doc : yaml.loadAll(in)) {
                Object port = lookup(doc, "server", "port");
                if (port == null && doc instanceof Map<?, ?> m) {
                    port = m.get("server.port");
                }
                if (port == null) {
                    continue;
                }
                String s = String.valueOf(port).trim();
                Matcher m = Pattern.compile("\\$\\{SERVER_PORT:(\\d+)}").matcher(s);
                if (m.matches()) {
                    return Integer.parseInt(m.group(1));
                }
                if (s.matches("\\d+")) {
                    return Integer.parseInt(s);
                }
                fail(module + ": server.port in " + yml.getFileName() + " should be ${SERVER_PORT:<port>}, is " + s);
            }
        }
        return null;
    }

    private static Object lookup(Object doc, String... path) {
        Object cur = doc;
        for (String key : path) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(key);
        }
        return cur;
    }

    private static String stripComment(String line) {
        // a YAML comment starts with '#' at the line start or after whitespace, outside quotes (good enough here)
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Object load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o, String what) {
        if (!(o instanceof Map)) {
            fail(what + " is not a mapping: " + o);
        }
        return (Map<String, Object>) o;
    }

    private static Path findRoot() throws IOException {
        String given = System.getProperty("tributary.root");
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            if (Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>tributary-parent</artifactId>")
                    && Files.isDirectory(p.resolve("infra"))) {
                return p.normalize();
            }
        }
        fail("cannot find the repository root (a pom.xml of tributary-parent) above " + Path.of("").toAbsolutePath());
        return null;
    }
}
