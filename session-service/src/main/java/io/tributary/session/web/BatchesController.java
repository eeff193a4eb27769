package io.tributary.session.web;

import io.tributary.session.batches.Batch;
import io.tributary.session.batches.BatchFilter;
import io.tributary.session.batches.BatchManager;
import io.tributary.session.batches.BatchState;
import io.tributary.session.batches.CloseBatchResponse;
import io.tributary.session.batches.GetBatchesResponse;
import io.tributary.session.batches.NewBatch;
import io.tributary.session.errors.KyuubiException;
import io.tributary.session.operations.OperationLog;
import io.tributary.session.server.ServerInstance;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Kyuubi's batch resource: submit (JSON, or multipart with the resource uploaded), list, read, log, kill. */
@RestController
@RequestMapping(path = "/api/v1/batches", produces = MediaType.APPLICATION_JSON_VALUE)
class BatchesController {

    /** Kyuubi's {@code BatchRequest}. */
    record BatchRequest(String batchType, String resource, String className, String name, Map<String, String> conf,
            List<String> args) {
    }

    private final BatchManager batches;
    private final ServerInstance instance;
    private final JsonMapper json;
    private final Ownership ownership;

    BatchesController(BatchManager batches, ServerInstance instance, JsonMapper json, Ownership ownership) {
        this.batches = batches;
        this.ownership = ownership;
        this.instance = instance;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Batch submit(@RequestBody BatchRequest request, HttpServletRequest http) {
        return batches.submit(ClientIdentity.user(http), newBatch(request, null, null), instance.instance());
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Batch submitWithResource(@RequestPart("batchRequest") Part batchRequest,
            @RequestPart(name = "resourceFile", required = false) Part resourceFile, HttpServletRequest http)
            throws IOException {
        BatchRequest request;
        try (InputStream in = batchRequest.getInputStream()) {
            request = json.readValue(in, BatchRequest.class);
        } catch (JacksonException e) {
            throw KyuubiException.invalid("batchRequest is not a valid JSON batch request: "
                    + e.getOriginalMessage());
        }
        byte[] uploaded = null;
        String name = null;
        if (resourceFile != null) {
            try (InputStream in = resourceFile.getInputStream()) {
                uploaded = in.readAllBytes();
            }
            name = resourceFile.getSubmittedFileName();
        }
        return batches.submit(ClientIdentity.user(http), newBatch(request, uploaded, name), instance.instance());
    }

    @GetMapping
    GetBatchesResponse list(@RequestParam(required = false) String batchType,
            @RequestParam(required = false) String batchUser,
            @RequestParam(required = false) String batchState,
            @RequestParam(required = false) String batchName,
            @RequestParam(defaultValue = "0") long createTime,
            @RequestParam(defaultValue = "0") long endTime,
            @RequestParam(defaultValue = "0") int from,
            @RequestParam(defaultValue = "100") int size,
            @RequestParam(defaultValue = "false") boolean desc) {
        if (from < 0 || size < 0 || createTime < 0 || endTime < 0) {
            throw KyuubiException.invalid("from, size, createTime and endTime must not be negative");
        }
        return batches.list(new BatchFilter(blankToNull(batchType), blankToNull(batchUser), state(batchState),
                blankToNull(batchName), createTime, endTime, from, size, desc));
    }

    @GetMapping("/{batchId}")
    Batch get(@PathVariable String batchId) {
        return batches.get(batchId);
    }

    @GetMapping("/{batchId}/localLog")
    OperationLog localLog(@PathVariable String batchId, @RequestParam(defaultValue = "0") int from,
            @RequestParam(defaultValue = "100") int size) {
        if (from < 0 || size < 0) {
            throw KyuubiException.invalid("from and size must not be negative");
        }
        List<String> lines = batches.log(batchId, from, size);
        return new OperationLog(lines, lines.size());
    }

    @DeleteMapping("/{batchId}")
    CloseBatchResponse kill(@PathVariable String batchId, HttpServletRequest http) {
        ownership.requireOwner(http, batches.get(batchId).user());
        return batches.kill(batchId);
    }

    private static NewBatch newBatch(BatchRequest request, byte[] uploaded, String uploadedName) {
        if (request == null) {
            throw KyuubiException.invalid("A batch request body is required");
        }
        return new NewBatch(request.batchType(), request.resource(), request.className(), request.name(),
                request.conf(), request.args(), uploaded, uploadedName);
    }

    static BatchState state(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return BatchState.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw KyuubiException.invalid("Invalid batchState " + text
                    + ": expected one of PENDING, RUNNING, FINISHED, ERROR, CANCELED");
        }
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
