package io.tributary.session.web;

import io.tributary.session.errors.KyuubiException;
import io.tributary.session.operations.FetchOrientation;
import io.tributary.session.operations.KyuubiOperationEvent;
import io.tributary.session.operations.OperationLog;
import io.tributary.session.operations.OperationManager;
import io.tributary.session.operations.ResultRowSet;
import io.tributary.session.operations.ResultSetMetaData;
import io.tributary.session.web.Requests.OpActionRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kyuubi's operation resource. Query parameters are parsed here, not by Spring, because Kyuubi answers 404 (not
 * 400) to a non-numeric {@code maxrows} or an unknown {@code fetchorientation}, and clients expect that.
 */
@RestController
@RequestMapping(path = "/api/v1/operations", produces = MediaType.APPLICATION_JSON_VALUE)
class OperationsController {

    private static final int DEFAULT_MAX_ROWS = 100;
    private static final int PAGE_BUFFER = 64 * 1024;

    private final OperationManager operations;

    OperationsController(OperationManager operations) {
        this.operations = operations;
    }

    @GetMapping("/{operationHandle}/event")
    KyuubiOperationEvent event(@PathVariable String operationHandle) {
        return operations.event(operationHandle);
    }

    @PutMapping(path = "/{operationHandle}", consumes = MediaType.APPLICATION_JSON_VALUE)
    void apply(@PathVariable String operationHandle, @RequestBody OpActionRequest request) {
        operations.apply(operationHandle, request.action());
    }

    @GetMapping("/{operationHandle}/resultsetmetadata")
    ResultSetMetaData resultSetMetadata(@PathVariable String operationHandle) {
        return operations.resultSetMetadata(operationHandle);
    }

    @GetMapping("/{operationHandle}/log")
    OperationLog log(@PathVariable String operationHandle,
            @RequestParam(name = "maxrows", required = false) String maxRows,
            @RequestParam(name = "fetchorientation", required = false) String orientation,
            @RequestParam(name = "offset", required = false) String offset) {
        return operations.log(operationHandle, orientation(orientation), maxRows(maxRows), offset(offset));
    }

    @GetMapping("/{operationHandle}/rowset")
    ResultRowSet rowSet(@PathVariable String operationHandle,
            @RequestParam(name = "maxrows", required = false) String maxRows,
            @RequestParam(name = "fetchorientation", required = false) String orientation,
            @RequestParam(name = "offset", required = false) String offset, HttpServletResponse response) {
        // a typical page (100 rows, ~14 KB) then goes out in one write with a Content-Length, not in chunks
        if (response.getBufferSize() < PAGE_BUFFER) {
            response.setBufferSize(PAGE_BUFFER);
        }
        return operations.rowSet(operationHandle, orientation(orientation), maxRows(maxRows), offset(offset));
    }

    private static int maxRows(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_MAX_ROWS;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw KyuubiException.notFound("Invalid maxrows " + text + ": expected a number");
        }
        if (value < 0) {
            throw KyuubiException.invalid("maxrows must not be negative, got " + value);
        }
        return value;
    }

    private static FetchOrientation orientation(String text) {
        if (text == null || text.isBlank()) {
            return FetchOrientation.FETCH_NEXT;
        }
        try {
            return FetchOrientation.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw KyuubiException.notFound("Invalid fetchorientation " + text
                    + ": expected FETCH_NEXT, FETCH_FIRST or FETCH_PRIOR");
        }
    }

    private static Long offset(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw KyuubiException.invalid("offset must not be negative, got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw KyuubiException.invalid("Invalid offset " + text + ": expected a number");
        }
    }
}
