package io.tributary.testkit;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
                        + whereItWaits(entry.getValue()))
                .collect(Collectors.joining(" | ", "threads at work: ", ""));
    }

    /** The top frame, and the first frames outside the JDK and in our code that led there. */
    private static String whereItWaits(StackTraceElement[] stack) {
        return Stream.of(Arrays.stream(stack).findFirst(),
                        Arrays.stream(stack).filter(frame -> !isJdk(frame)).findFirst(),
                        Arrays.stream(stack).filter(ThreadsAtWork::isOurs).findFirst())
                .flatMap(Optional::stream).distinct().map(String::valueOf).collect(Collectors.joining(" < "));
    }

    private static boolean isJdk(StackTraceElement frame) {
        String name = frame.getClassName();
        return name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }

    private static boolean isOurs(StackTraceElement frame) {
        return frame.getClassName().startsWith("io.tributary.")
                && !frame.getClassName().startsWith("io.tributary.testkit.");
    }

    private static boolean isInteresting(Thread thread, StackTraceElement[] stack) {
        if (thread == Thread.currentThread()) {
            return false;
        }
        return thread.getName().startsWith("kafka-producer-network-thread")
                || Arrays.stream(stack).anyMatch(ThreadsAtWork::isOurs);
    }
}
