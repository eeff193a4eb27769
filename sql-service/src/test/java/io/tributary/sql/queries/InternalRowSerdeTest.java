package io.tributary.sql.queries;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InternalRowSerdeTest {

    private final InternalRowSerde<Object> serde = new InternalRowSerde<>();

    private Object roundTrip(Object value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    @Test
    void rowsWithEveryKindOfSqlValueComeBackEqualAndInColumnOrder() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("Z", "last-first");
        struct.put("A", null);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ID", 7);
        row.put("N", 9_000_000_000L);
        row.put("X", -1.5);
        row.put("OK", true);
        row.put("NAME", "zoë");
        row.put("PRICE", new BigDecimal("-12.340"));
        row.put("RAW", new byte[] {1, 2, 3});
        row.put("TAGS", List.of("a", "b"));
        row.put("COUNTS", Map.of(1, 2L));
        row.put("S", struct);
        row.put("NOTHING", null);

        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) roundTrip(row);

        assertThat(back.keySet()).containsExactlyElementsOf(row.keySet());
        assertThat(back.get("PRICE")).isEqualTo(new BigDecimal("-12.340"));
        assertThat((byte[]) back.get("RAW")).containsExactly(1, 2, 3);
        back.remove("RAW");
        row.remove("RAW");
        assertThat(back).isEqualTo(row);
        assertThat(new ArrayList<Object>(((Map<?, ?>) back.get("S")).keySet())).containsExactly("Z", "A");
    }

    @Test
    void accumulatorsKeepTheirSetsAndOtherJavaValues() {
        List<Object> accumulators = new ArrayList<>();
        accumulators.add(new LinkedHashSet<>(List.of("b", "a")));
        accumulators.add(LocalDate.of(2026, 11, 27));
        accumulators.add(new double[] {1.5, 2});
        accumulators.add(null);

        List<?> back = (List<?>) roundTrip(accumulators);

        assertThat(back.get(0)).isInstanceOf(LinkedHashSet.class).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.ITERABLE).containsExactly("b", "a");
        assertThat(back.get(1)).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(Arrays.equals((double[]) back.get(2), new double[] {1.5, 2})).isTrue();
        assertThat(back.get(3)).isNull();
    }

    @Test
    void recordsWrittenInTheEarlierJavaSerializedFormAreStillRead() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new LinkedHashMap<>(Map.of("ID", 1)));
        }

        assertThat(serde.deserializer().deserialize("t", bytes.toByteArray())).isEqualTo(Map.of("ID", 1));
    }
}
