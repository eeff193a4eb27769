package io.tributary.connect.worker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.runtime.rest.entities.LoggerLevel;
import org.slf4j.LoggerFactory;

/**
 * Connect's logger levels ({@code /admin/loggers}) over Logback, the logging system this service runs on.
 * Connect's own implementation only knows Log4j 2 and is inert here. Levels are Connect's (Log4j's) names;
 * FATAL maps to Logback's ERROR and ALL to TRACE.
 */
public final class WorkerLoggers {

    static final String ROOT = "root";
    private static final Set<String> LEVELS = Set.of("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");

    private final Map<String, Long> lastModified = new ConcurrentHashMap<>();

    public static boolean isValidLevel(String level) {
        return level != null && LEVELS.contains(level.trim().toUpperCase(Locale.ROOT));
    }

    /** The logger's effective level, or null when no logger of that name exists. */
    public LoggerLevel level(String name) {
        LoggerContext context = context();
        Logger logger = isRoot(name) ? context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) : context.exists(name);
        return logger == null ? null : levelOf(logger);
    }

    /** Every logger with a level of its own (set by configuration or through this API), and the root logger. */
    public Map<String, LoggerLevel> allLevels() {
        Map<String, LoggerLevel> levels = new TreeMap<>();
        for (Logger logger : context().getLoggerList()) {
            if (logger.getLevel() != null && logger.getLevel() != Level.OFF) {
                levels.put(nameOf(logger), levelOf(logger));
            }
        }
        return levels;
    }

    /** Sets the level of a namespace and every existing logger under it; answers those whose level changed. */
    public List<String> setLevel(String namespace, String level) {
        Level target = toLogback(level);
        LoggerContext context = context();
        List<Logger> affected = new ArrayList<>();
        if (isRoot(namespace)) {
            affected.addAll(context.getLoggerList());
        } else {
            affected.add(context.getLogger(namespace));
            for (Logger logger : context.getLoggerList()) {
                if (logger.getName().startsWith(namespace + ".")) {
                    affected.add(logger);
                }
            }
        }
        long now = System.currentTimeMillis();
        Map<Logger, Level> before = new IdentityHashMap<>();
        affected.forEach(logger -> before.put(logger, logger.getEffectiveLevel()));
        List<String> changed = new ArrayList<>();
        for (Logger logger : affected) {
            logger.setLevel(target);
        }
        for (Logger logger : affected) {
            if (!target.equals(before.get(logger))) {
                String name = nameOf(logger);
                lastModified.put(name, now);
                changed.add(name);
            }
        }
        Collections.sort(changed);
        return changed;
    }

    private LoggerLevel levelOf(Logger logger) {
        return new LoggerLevel(logger.getEffectiveLevel().toString(), lastModified.get(nameOf(logger)));
    }

    private static Level toLogback(String level) {
        return switch (level.trim().toUpperCase(Locale.ROOT)) {
            case "FATAL" -> Level.ERROR;
            case "ALL" -> Level.TRACE;
            default -> Level.toLevel(level.trim().toUpperCase(Locale.ROOT));
        };
    }

    private static String nameOf(Logger logger) {
        return org.slf4j.Logger.ROOT_LOGGER_NAME.equals(logger.getName()) ? ROOT : logger.getName();
    }

    private static boolean isRoot(String name) {
        return ROOT.equalsIgnoreCase(name) || name.isEmpty();
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
}
