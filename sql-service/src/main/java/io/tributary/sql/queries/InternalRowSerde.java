package io.tributary.sql.queries;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Rows and aggregate accumulators in a query's internal topics and state stores: a compact tagged binary form for
 * the values SQL rows hold (null, booleans, numbers, strings, decimals, bytes, lists and maps, nested), with Java
 * serialization only for anything else (sets, java.time values). Java serialization of every record cost a query
 * with a repartition or a store most of its throughput. Records written by the earlier all-Java form are still read.
 */
final class InternalRowSerde<T> implements Serde<T> {

    private static final int NULL = 0;
    private static final int TRUE = 1;
    private static final int FALSE = 2;
    private static final int INT = 3;
    private static final int LONG = 4;
    private static final int DOUBLE = 5;
    private static final int STRING = 6;
    private static final int DECIMAL = 7;
    private static final int BYTES = 8;
    private static final int LIST = 9;
    private static final int MAP = 10;
    private static final int JAVA = 11;
    /** The first byte of a Java serialization stream (0xACED): records of the earlier form. */
    private static final int JAVA_STREAM_MAGIC = 0xAC;

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(out, data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public Deserializer<T> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                if ((data[0] & 0xFF) == JAVA_STREAM_MAGIC) {
                    return (T) javaObject(data);
                }
                return (T) read(new DataInputStream(new ByteArrayInputStream(data)));
            } catch (IOException | ClassNotFoundException e) {
                throw new IllegalStateException("Cannot read internal record: " + e, e);
            }
        };
    }

    private static void write(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (value instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof String s) {
            out.writeByte(STRING);
            bytes(out, s.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof BigDecimal d) {
            out.writeByte(DECIMAL);
            out.writeInt(d.scale());
            bytes(out, d.unscaledValue().toByteArray());
        } else if (value instanceof byte[] b) {
            out.writeByte(BYTES);
            bytes(out, b);
        } else if (value instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object element : list) {
                write(out, element);
            }
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            out.writeInt(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                write(out, entry.getKey());
                write(out, entry.getValue());
            }
        } else if (value instanceof Serializable) {
            out.writeByte(JAVA);
            ByteArrayOutputStream java = new ByteArrayOutputStream();
            try (ObjectOutputStream objects = new ObjectOutputStream(java)) {
                objects.writeObject(value);
            }
            bytes(out, java.toByteArray());
        } else {
            throw new IllegalArgumentException("Cannot keep a " + value.getClass().getName() + " in a query's state");
        }
    }

    private static Object read(DataInputStream in) throws IOException, ClassNotFoundException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case NULL:
                return null;
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case DOUBLE:
                return in.readDouble();
            case STRING:
                return new String(bytes(in), StandardCharsets.UTF_8);
            case DECIMAL:
                int scale = in.readInt();
                return new BigDecimal(new BigInteger(bytes(in)), scale);
            case BYTES:
                return bytes(in);
            case LIST: {
                int size = in.readInt();
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(read(in));
                }
                return list;
            }
            case MAP: {
                int size = in.readInt();
                Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, size * 2));
                for (int i = 0; i < size; i++) {
                    Object key = read(in);
                    map.put(key, read(in));
                }
                return map;
            }
            case JAVA:
                return javaObject(bytes(in));
            default:
                throw new IOException("unknown value tag " + tag);
        }
    }

    private static void bytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    private static Object javaObject(byte[] data) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            return in.readObject();
        }
    }
}
