package io.tributary.sql.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs every case of the files named in {@code -Dqtt.files} (comma-separated); skipped unless given. */
class QttAllCasesProbe {

    @Test
    void runsTheNamedFiles() {
        String files = System.getProperty("qtt.files");
        assumeTrue(files != null && !files.isBlank(), "set -Dqtt.files to run");
        Path dir = Path.of(System.getProperty("tributary.conformance.dir", "../../shared/conformance/ksqldb"));
        new QttRunner().runFiles(dir, List.of(files.split(",")));
    }
}
