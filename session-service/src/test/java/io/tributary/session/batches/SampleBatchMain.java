package io.tributary.session.batches;

/** The main class of the JAVA batches under test, packed into a jar by the test itself. */
public final class SampleBatchMain {

    private SampleBatchMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("sleep")) {
            Thread.sleep(60_000);
        }
        if (args.length > 0 && args[0].equals("env")) {
            new java.util.TreeMap<>(System.getenv()).forEach((name, value) -> System.out.println(name + "=" + value));
            return;
        }
        if (args.length > 0 && args[0].equals("fail")) {
            System.err.println("failing on purpose");
            System.exit(3);
        }
        System.out.println("hello " + String.join(" ", args));
    }
}
