package io.tributary.session.batches;

import java.util.List;
import java.util.Map;

/**
 * A batch to run. For {@code SQL} batches the script is the uploaded resource file, or {@code resource} itself
 * when nothing was uploaded.
 */
public record NewBatch(String batchType, String resource, String className, String name, Map<String, String> conf,
        List<String> args, byte[] uploaded, String uploadedName) {
}
