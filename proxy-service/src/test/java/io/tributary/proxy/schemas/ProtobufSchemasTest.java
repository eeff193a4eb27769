package io.tributary.proxy.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import io.tributary.proxy.errors.RestProxyException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code .proto} text to descriptor conversion and the message-indexes framing, as pure functions. */
class ProtobufSchemasTest {

    static final String ORDER = """
            syntax = "proto3";
            package shop.v1;

            import "google/protobuf/timestamp.proto";

            // an order, with a bit of everything
            message Order {
              int64 id = 1;
              string customer_name = 2;
              repeated Line lines = 3;
              map<string, int32> tags = 4;
              Status status = 5;
              optional string note = 6;
              oneof payment {
                string card = 7;
                Voucher voucher = 8;
              }
              google.protobuf.Timestamp placed_at = 9;
              bytes signature = 10;

              message Line {
                string item = 1;
                uint32 quantity = 2;
                double price = 3;
              }
              enum Status {
                STATUS_UNKNOWN = 0;
                PLACED = 1;
                SHIPPED = 2;
              }
            }

            message Voucher {
              string code = 1;
            }
            """;

    @Test
    void aSchemaWithNestedTypesMapsOneofsAndWellKnownTypesBecomesADescriptor() {
        Descriptors.FileDescriptor file = ProtobufSchemas.parse(ORDER);

        Descriptors.Descriptor order = file.getMessageTypes().get(0);
        assertThat(order.getFullName()).isEqualTo("shop.v1.Order");
        assertThat(order.getFields()).extracting(Descriptors.FieldDescriptor::getName).containsExactly("id",
                "customer_name", "lines", "tags", "status", "note", "card", "voucher", "placed_at", "signature");
        assertThat(order.findFieldByName("lines").isRepeated()).isTrue();
        assertThat(order.findFieldByName("lines").getMessageType().getFullName()).isEqualTo("shop.v1.Order.Line");
        assertThat(order.findFieldByName("tags").isMapField()).isTrue();
        assertThat(order.findFieldByName("status").getEnumType().getFullName()).isEqualTo("shop.v1.Order.Status");
        assertThat(order.findFieldByName("note").hasPresence()).isTrue();
        assertThat(order.findFieldByName("card").getRealContainingOneof().getName()).isEqualTo("payment");
        assertThat(order.findFieldByName("voucher").getMessageType().getFullName()).isEqualTo("shop.v1.Voucher");
        assertThat(order.findFieldByName("placed_at").getMessageType().getFullName())
                .isEqualTo("google.protobuf.Timestamp");
        assertThat(ProtobufSchemas.messageAt(file, List.of(0, 0)).getName()).isEqualTo("Line");
        assertThat(ProtobufSchemas.messageAt(file, List.of(1)).getName()).isEqualTo("Voucher");
        // message indexes are zig-zag varints: a record can carry a negative one
        assertThatThrownBy(() -> ProtobufSchemas.messageAt(file, List.of(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProtobufSchemas.messageAt(file, List.of(0, -1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonRoundTripsThroughADynamicMessage() throws Exception {
        Descriptors.Descriptor order = ProtobufSchemas.parse(ORDER).getMessageTypes().get(0);
        String json = "{\"id\":\"42\",\"customerName\":\"Ada\",\"lines\":[{\"item\":\"tea\",\"quantity\":2,"
                + "\"price\":3.5}],\"tags\":{\"gift\":1},\"status\":\"SHIPPED\",\"note\":\"\",\"card\":\"4111\","
                + "\"placedAt\":\"2026-11-27T10:15:30Z\",\"signature\":\"AQI=\"}";
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(order);
        JsonFormat.parser().merge(json, builder);

        DynamicMessage read = DynamicMessage.parseFrom(order, builder.build().toByteArray());

        assertThat(JsonFormat.printer().omittingInsignificantWhitespace().print(read)).isEqualTo(json);
    }

    @Test
    void layoutAndCommentsDoNotChangeTheCanonicalForm() {
        String compact = ORDER.replace("// an order, with a bit of everything\n", "").replace("\n\n", "\n");

        assertThat(ProtobufSchemas.canonical(ProtobufSchemas.parse(compact)))
                .isEqualTo(ProtobufSchemas.canonical(ProtobufSchemas.parse(ORDER)));
    }

    @Test
    void invalidSchemasAreRefusedAs42205() {
        assertThatThrownBy(() -> ProtobufSchemas.parse("message {"))
                .isInstanceOfSatisfying(RestProxyException.class, e -> assertThat(e.error().code()).isEqualTo(42205));
        assertThatThrownBy(() -> ProtobufSchemas.parse("syntax = \"proto3\"; message A { Missing m = 1; }"))
                .isInstanceOfSatisfying(RestProxyException.class, e -> assertThat(e.error().code()).isEqualTo(42205));
        assertThatThrownBy(() -> ProtobufSchemas.parse("syntax = \"proto3\"; import \"other.proto\"; "
                + "message A { int32 a = 1; }"))
                .isInstanceOfSatisfying(RestProxyException.class, e -> assertThat(e.getMessage())
                        .startsWith("Invalid schema: import \"other.proto\" is not supported"));
        assertThatThrownBy(() -> ProtobufSchemas.parse("syntax = \"proto3\"; enum E { A = 0; }"))
                .isInstanceOfSatisfying(RestProxyException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Invalid schema: the schema declares no message"));
    }

    @Test
    void messageIndexesAreWrittenAndReadAsConfluentFramesThem() throws Exception {
        assertThat(ProtobufRecords.messageIndexes(List.of(0))).containsExactly(0);
        // count 2, then 1 and 0, zig-zag encoded
        assertThat(ProtobufRecords.messageIndexes(List.of(1, 0))).containsExactly(4, 2, 0);
        assertThat(ProtobufRecords.readMessageIndexes(CodedInputStream.newInstance(new byte[] {4, 2, 0})))
                .containsExactly(1, 0);
        assertThat(ProtobufRecords.readMessageIndexes(CodedInputStream.newInstance(new byte[] {0})))
                .containsExactly(0);
    }
}
