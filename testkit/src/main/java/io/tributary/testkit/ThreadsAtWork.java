package io.tributary.testkit;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What this JVM's threads are doing, for a test whose call to the service (running in the same JVM) timed out:
 * every thread with one of our frames or a Kafka client's network thread, in one line each, and the whole dump
 * on standard error (the test's output file).
 */
final class ThreadsAtWork {

    private ThreadsAtWork() {
    }

    static String describe() {
        Map<Thread, StackTraceElement[]> threads = Thread.getAllStackTraces();
        StringBuilder dump = new StringBuilder("Threads when the call timed out:\n");
        threads.forEach((thread, stack) -> {
            dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
            Arrays.stream(stack).forEach(frame -> dump.append("\tat ").append(frame).append('\n'));
        });
        System.err.println(dump);
        return threads.entrySet().stream()
                .filter(entry -> isInteresting(entry.getKey(), entry.getValue()))
                .map(entry -> entry.getKey().getName() + " " + entry.getKey().getState() + " at "
                        + Arrays.stream(entry.getValue()).limit(4).map(String::valueOf)
                                .collect(Collectors.joining(" < ")))
                .collect(Collectors.joining(" | ", "threads at work: ", ""));
    }

    private static boolean isInteresting(Thread thread, StackTraceElement[] stack) {
        if (thread == Thread.currentThread()) {
            return false;
        }
        return thread.getName().startsWith("kafka-producer-network-thread")
                || Arrays.stream(stack).anyMatch(frame -> frame.getClassName().startsWith("io.tributary.")
                        && !frame.getClassName().startsWith("io.tributary.testkit."));
    }
}
