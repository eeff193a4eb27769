package io.tributary.connect.loggers;

import io.tributary.connect.worker.HerderCalls;
import io.tributary.connect.worker.WorkerLoggers;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.errors.NotFoundException;
import org.apache.kafka.connect.runtime.rest.entities.LoggerLevel;
import org.apache.kafka.connect.runtime.rest.errors.BadRequestException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Connect's {@code /admin/loggers}: this worker's logger levels, changed on this worker ({@code scope=worker},
 * answering the loggers affected) or on every worker of the cluster through the config topic ({@code scope=cluster}).
 */
@RestController
@RequestMapping(path = "/admin/loggers", produces = MediaType.APPLICATION_JSON_VALUE)
class LoggersController {

    private static final String CLUSTER = "cluster";

    private final HerderCalls calls;

    LoggersController(HerderCalls calls) {
        this.calls = calls;
    }

    @GetMapping
    Map<String, LoggerLevel> all() {
        return calls.herder().allLoggerLevels();
    }

    @GetMapping("/{logger}")
    LoggerLevel level(@PathVariable String logger) {
        LoggerLevel level = calls.herder().loggerLevel(logger);
        if (level == null) {
            throw new NotFoundException("Logger " + logger + " not found.");
        }
        return level;
    }

    @PutMapping(path = "/{logger}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<String>> setLevel(@PathVariable String logger, @RequestBody Map<String, String> body,
            @RequestParam(defaultValue = "worker") String scope) {
        String level = body.get("level");
        if (level == null) {
            throw new BadRequestException("Desired 'level' parameter was not specified in request.");
        }
        if (!WorkerLoggers.isValidLevel(level)) {
            throw new NotFoundException("invalid log level '" + level + "'.");
        }
        if (CLUSTER.equals(scope.toLowerCase(Locale.ROOT))) {
            calls.herder().setClusterLoggerLevel(logger, level);
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.ok(calls.herder().setWorkerLoggerLevel(logger, level));
    }
}
