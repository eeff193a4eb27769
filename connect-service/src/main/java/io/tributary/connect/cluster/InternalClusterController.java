package io.tributary.connect.cluster;

import io.swagger.v3.oas.annotations.Hidden;
import io.tributary.connect.worker.HerderCalls;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import org.apache.kafka.connect.runtime.distributed.Crypto;
import org.apache.kafka.connect.runtime.rest.InternalRequestSignature;
import org.apache.kafka.connect.runtime.rest.errors.BadRequestException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The endpoints Connect workers call on each other (not part of the public API): a follower hands the task
 * configurations of a connector it runs to the leader, and asks it to fence zombie source tasks. Both are
 * signed with the cluster's session key; the herder checks the signature.
 */
@Hidden
@RestController
class InternalClusterController {

    private static final TypeReference<List<Map<String, String>>> TASK_CONFIGS = new TypeReference<>() { };

    private final HerderCalls calls;
    private final JsonMapper json;

    InternalClusterController(HerderCalls calls, JsonMapper json) {
        this.calls = calls;
        this.json = json;
    }

    @PostMapping("/connectors/{connector}/tasks")
    ResponseEntity<Void> putTaskConfigs(@PathVariable String connector, @RequestBody(required = false) byte[] body,
            @RequestHeader(name = InternalRequestSignature.SIGNATURE_ALGORITHM_HEADER, required = false) String algorithm,
            @RequestHeader(name = InternalRequestSignature.SIGNATURE_HEADER, required = false) String signature) {
        byte[] bytes = body == null ? new byte[0] : body;
        List<Map<String, String>> taskConfigs;
        try {
            taskConfigs = json.readValue(bytes, TASK_CONFIGS);
        } catch (tools.jackson.core.JacksonException e) {
            throw new BadRequestException("Task configurations must be a JSON array of objects: " + e.getOriginalMessage());
        }
        InternalRequestSignature signed = signature(bytes, algorithm, signature);
        calls.<Void>await("storing the task configurations of connector " + connector,
                (herder, cb) -> herder.putTaskConfigs(connector, taskConfigs, cb, signed));
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/connectors/{connector}/fence")
    ResponseEntity<Void> fenceZombies(@PathVariable String connector, @RequestBody(required = false) byte[] body,
            @RequestHeader(name = InternalRequestSignature.SIGNATURE_ALGORITHM_HEADER, required = false) String algorithm,
            @RequestHeader(name = InternalRequestSignature.SIGNATURE_HEADER, required = false) String signature) {
        InternalRequestSignature signed = signature(body == null ? new byte[0] : body, algorithm, signature);
        calls.<Void>await("fencing zombie tasks of connector " + connector,
                (herder, cb) -> herder.fenceZombieSourceTasks(connector, cb, signed));
        return ResponseEntity.noContent().build();
    }

    private static InternalRequestSignature signature(byte[] body, String algorithm, String signature) {
        if (algorithm == null || signature == null) {
            return null;
        }
        try {
            Mac mac = Crypto.SYSTEM.mac(algorithm);
            return new InternalRequestSignature(body, mac, Base64.getDecoder().decode(signature));
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }
}
