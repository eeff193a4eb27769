package io.tributary.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConfigKeyInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigValueInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorType;
import org.apache.kafka.connect.runtime.rest.entities.LoggerLevel;
import org.apache.kafka.connect.runtime.rest.entities.Message;
import org.apache.kafka.connect.runtime.rest.entities.PluginInfo;
import org.apache.kafka.connect.runtime.rest.entities.TaskInfo;
import org.apache.kafka.connect.runtime.isolation.PluginType;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** Connect's own entity classes, written by this service's (Jackson 3) mapper, read exactly as Connect writes them. */
class ConnectEntitiesJsonTest extends ConnectApiTest {

    private static final ObjectMapper CONNECT = new ObjectMapper();

    @Autowired
    JsonMapper springMapper;

    @Test
    void entitiesAreWrittenByteForByteAsConnectWritesThem() throws Exception {
        ConnectorTaskId task = new ConnectorTaskId("c", 0);
        List<Object> entities = List.of(
                new ConnectorInfo("c", Map.of("k", "v"), List.of(task), ConnectorType.SOURCE),
                new ConnectorStateInfo("c", new ConnectorStateInfo.ConnectorState("RUNNING", "w:1", null, "4.1.2"),
                        List.of(new ConnectorStateInfo.TaskState(0, "FAILED", "w:1", "trace", "4.1.2")),
                        ConnectorType.SINK),
                new TaskInfo(task, Map.of("k", "v")),
                new PluginInfo("a.B", PluginType.SOURCE, "undefined"),
                new PluginInfo("a.C", PluginType.SINK, "1.0"),
                new ConnectorOffsets(List.of(new ConnectorOffset(Map.of("p", 1), Map.of("o", 2)))),
                new Message("done"),
                new LoggerLevel("INFO", null),
                new ConfigInfos("c", 1, List.of("Common"), List.of(new ConfigInfo(
                        new ConfigKeyInfo("k", "STRING", true, null, "HIGH", "doc", "Common", 1, "LONG", "K",
                                List.of()),
                        new ConfigValueInfo("k", null, List.of(), List.of("Missing"), true)))));
        for (Object entity : entities) {
            assertThat(springMapper.writeValueAsString(entity)).as(entity.getClass().getSimpleName())
                    .isEqualTo(CONNECT.writeValueAsString(entity));
        }
    }
}
