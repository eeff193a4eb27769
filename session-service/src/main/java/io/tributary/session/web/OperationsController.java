package io.tributary.session.web;

import io.tributary.session.operations.KyuubiOperationEvent;
import io.tributary.session.operations.OperationLog;
import io.tributary.session.operations.OperationManager;
import io.tributary.session.operations.ResultRowSet;
import io.tributary.session.operations.ResultSetMetaData;
import io.tributary.session.web.Requests.OpActionRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Kyuubi's operation resource; paging parameters are read by {@link PageQuery}. */
@RestController
@RequestMapping(path = "/api/v1/operations", produces = MediaType.APPLICATION_JSON_VALUE)
class OperationsController {

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
        PageQuery page = PageQuery.of(maxRows, orientation, offset);
        return operations.log(operationHandle, page.orientation(), page.maxRows(), page.offset());
    }

    /** Mostly served by {@link DirectRowSetFilter}; this is the way for the requests it leaves alone. */
    @GetMapping("/{operationHandle}/rowset")
    ResultRowSet rowSet(@PathVariable String operationHandle,
            @RequestParam(name = "maxrows", required = false) String maxRows,
            @RequestParam(name = "fetchorientation", required = false) String orientation,
            @RequestParam(name = "offset", required = false) String offset, HttpServletResponse response) {
        // a typical page (100 rows, ~14 KB) then goes out in one write with a Content-Length, not in chunks
        if (response.getBufferSize() < PAGE_BUFFER) {
            response.setBufferSize(PAGE_BUFFER);
        }
        PageQuery page = PageQuery.of(maxRows, orientation, offset);
        return operations.rowSet(operationHandle, page.orientation(), page.maxRows(), page.offset());
    }
}
