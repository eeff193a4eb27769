package io.tributary.proxy.schemas;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WrappersProto;
import com.squareup.wire.Syntax;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import com.squareup.wire.schema.internal.parser.TypeElement;
import io.tributary.proxy.errors.RestProxyError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Protobuf schemas given as {@code .proto} text: parsed with Wire's parser, turned into a protobuf
 * {@code FileDescriptor} (nested messages and enums, oneofs, maps, repeated and proto3 optional fields, imports of
 * the well-known types), so records can be written and read with {@code DynamicMessage}. Pure functions.
 */
public final class ProtobufSchemas {

    private static final Pattern MAP_TYPE = Pattern.compile("map\\s*<\\s*([\\w.]+)\\s*,\\s*([\\w.]+)\\s*>");

    private static final Map<String, FieldDescriptorProto.Type> SCALARS = Map.ofEntries(
            Map.entry("double", FieldDescriptorProto.Type.TYPE_DOUBLE),
            Map.entry("float", FieldDescriptorProto.Type.TYPE_FLOAT),
            Map.entry("int32", FieldDescriptorProto.Type.TYPE_INT32),
            Map.entry("int64", FieldDescriptorProto.Type.TYPE_INT64),
            Map.entry("uint32", FieldDescriptorProto.Type.TYPE_UINT32),
            Map.entry("uint64", FieldDescriptorProto.Type.TYPE_UINT64),
            Map.entry("sint32", FieldDescriptorProto.Type.TYPE_SINT32),
            Map.entry("sint64", FieldDescriptorProto.Type.TYPE_SINT64),
            Map.entry("fixed32", FieldDescriptorProto.Type.TYPE_FIXED32),
            Map.entry("fixed64", FieldDescriptorProto.Type.TYPE_FIXED64),
            Map.entry("sfixed32", FieldDescriptorProto.Type.TYPE_SFIXED32),
            Map.entry("sfixed64", FieldDescriptorProto.Type.TYPE_SFIXED64),
            Map.entry("bool", FieldDescriptorProto.Type.TYPE_BOOL),
            Map.entry("string", FieldDescriptorProto.Type.TYPE_STRING),
            Map.entry("bytes", FieldDescriptorProto.Type.TYPE_BYTES));

    /** The well-known types a schema may import, with the descriptors protobuf-java ships for them. */
    private static final Map<String, Descriptors.FileDescriptor> WELL_KNOWN = Map.of(
            "google/protobuf/timestamp.proto", TimestampProto.getDescriptor(),
            "google/protobuf/duration.proto", DurationProto.getDescriptor(),
            "google/protobuf/struct.proto", StructProto.getDescriptor(),
            "google/protobuf/wrappers.proto", WrappersProto.getDescriptor(),
            "google/protobuf/empty.proto", EmptyProto.getDescriptor(),
            "google/protobuf/field_mask.proto", FieldMaskProto.getDescriptor(),
            "google/protobuf/any.proto", AnyProto.getDescriptor(),
            "google/protobuf/descriptor.proto", DescriptorProtos.getDescriptor());

    private ProtobufSchemas() {
    }

    /** The schema's descriptor; {@code 42205} when the text is not a usable {@code .proto}. */
    public static Descriptors.FileDescriptor parse(String schemaText) {
        ProtoFileElement file;
        try {
            file = ProtoParser.Companion.parse(Location.get("schema.proto"), schemaText);
        } catch (RuntimeException e) {
            throw RestProxyError.INVALID_SCHEMA.exception(String.valueOf(e.getMessage()), e);
        }
        FileDescriptorProto proto = toProto(file);
        if (proto.getMessageTypeCount() == 0) {
            throw RestProxyError.INVALID_SCHEMA.exception("the schema declares no message");
        }
        List<Descriptors.FileDescriptor> dependencies = new ArrayList<>();
        for (String imported : proto.getDependencyList()) {
            Descriptors.FileDescriptor known = WELL_KNOWN.get(imported);
            if (known == null) {
                throw RestProxyError.INVALID_SCHEMA.exception("import \"" + imported + "\" is not supported: only "
                        + "the well-known types (google/protobuf/*.proto) can be imported");
            }
            dependencies.add(known);
        }
        try {
            return Descriptors.FileDescriptor.buildFrom(proto,
                    dependencies.toArray(new Descriptors.FileDescriptor[0]));
        } catch (Descriptors.DescriptorValidationException | RuntimeException e) {
            throw RestProxyError.INVALID_SCHEMA.exception(String.valueOf(e.getMessage()), e);
        }
    }

    /** A normal form of the schema: two texts that differ only in layout and comments have the same one. */
    public static String canonical(Descriptors.FileDescriptor descriptor) {
        return descriptor.toProto().toString();
    }

    /** The message a record's message-indexes name: top-level message, then nested ones, as Confluent counts. */
    public static Descriptors.Descriptor messageAt(Descriptors.FileDescriptor file, List<Integer> indexes) {
        if (indexes.isEmpty() || indexes.stream().anyMatch(i -> i < 0)
                || indexes.get(0) >= file.getMessageTypes().size()) {
            throw new IllegalArgumentException("message indexes " + indexes + " name no message of the schema");
        }
        Descriptors.Descriptor message = file.getMessageTypes().get(indexes.get(0));
        for (int i = 1; i < indexes.size(); i++) {
            if (indexes.get(i) >= message.getNestedTypes().size()) {
                throw new IllegalArgumentException("message indexes " + indexes + " name no message of the schema");
            }
            message = message.getNestedTypes().get(indexes.get(i));
        }
        return message;
    }

    static FileDescriptorProto toProto(ProtoFileElement file) {
        boolean proto3 = file.getSyntax() == Syntax.PROTO_3;
        FileDescriptorProto.Builder proto = FileDescriptorProto.newBuilder()
                .setName("schema.proto")
                .setSyntax(proto3 ? "proto3" : "proto2");
        if (file.getPackageName() != null) {
            proto.setPackage(file.getPackageName());
        }
        proto.addAllDependency(file.getImports());
        proto.addAllDependency(file.getPublicImports());
        for (TypeElement type : file.getTypes()) {
            if (type instanceof MessageElement message) {
                proto.addMessageType(message(message, proto3));
            } else if (type instanceof EnumElement enumeration) {
                proto.addEnumType(enumeration(enumeration));
            }
        }
        return proto.build();
    }

    private static DescriptorProto message(MessageElement element, boolean proto3) {
        DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(element.getName());
        for (TypeElement nested : element.getNestedTypes()) {
            if (nested instanceof MessageElement nestedMessage) {
                message.addNestedType(message(nestedMessage, proto3));
            } else if (nested instanceof EnumElement nestedEnum) {
                message.addEnumType(enumeration(nestedEnum));
            }
        }
        // fields in declaration order, oneof members among them, as protoc orders them
        List<FieldInMessage> fields = new ArrayList<>();
        element.getFields().forEach(f -> fields.add(new FieldInMessage(f, -1)));
        for (int i = 0; i < element.getOneOfs().size(); i++) {
            OneOfElement oneOf = element.getOneOfs().get(i);
            message.addOneofDecl(OneofDescriptorProto.newBuilder().setName(oneOf.getName()));
            for (FieldElement member : oneOf.getFields()) {
                fields.add(new FieldInMessage(member, i));
            }
        }
        fields.sort(Comparator.comparingInt((FieldInMessage f) -> f.element().getLocation().getLine())
                .thenComparingInt(f -> f.element().getLocation().getColumn()));
        List<String> syntheticOneOfs = new ArrayList<>();
        for (FieldInMessage field : fields) {
            FieldElement f = field.element();
            FieldDescriptorProto.Builder built = FieldDescriptorProto.newBuilder()
                    .setName(f.getName())
                    .setNumber(f.getTag());
            if (f.getJsonName() != null) {
                built.setJsonName(f.getJsonName());
            }
            Matcher map = MAP_TYPE.matcher(f.getType());
            if (map.matches()) {
                String entryName = camelCase(f.getName()) + "Entry";
                message.addNestedType(DescriptorProto.newBuilder()
                        .setName(entryName)
                        .addField(typed(FieldDescriptorProto.newBuilder().setName("key").setNumber(1)
                                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL), map.group(1)))
                        .addField(typed(FieldDescriptorProto.newBuilder().setName("value").setNumber(2)
                                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL), map.group(2)))
                        .setOptions(DescriptorProtos.MessageOptions.newBuilder().setMapEntry(true)));
                built.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED).setTypeName(entryName);
            } else {
                typed(built, f.getType());
                built.setLabel(label(f.getLabel()));
                if (field.oneOf() >= 0) {
                    built.setOneofIndex(field.oneOf());
                } else if (proto3 && f.getLabel() == Field.Label.OPTIONAL) {
                    built.setProto3Optional(true);
                    syntheticOneOfs.add(f.getName());
                    built.setOneofIndex(element.getOneOfs().size() + syntheticOneOfs.size() - 1);
                }
            }
            if (f.getDefaultValue() != null) {
                built.setDefaultValue(f.getDefaultValue());
            }
            for (OptionElement option : f.getOptions()) {
                if ("packed".equals(option.getName())) {
                    built.setOptions(DescriptorProtos.FieldOptions.newBuilder()
                            .setPacked(Boolean.parseBoolean(String.valueOf(option.getValue()))));
                }
            }
            message.addField(built);
        }
        // proto3 optional fields each sit alone in a synthetic oneof, declared after the real ones
        for (String name : syntheticOneOfs) {
            message.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + name));
        }
        return message.build();
    }

    private record FieldInMessage(FieldElement element, int oneOf) {
    }

    private static FieldDescriptorProto.Builder typed(FieldDescriptorProto.Builder field, String type) {
        FieldDescriptorProto.Type scalar = SCALARS.get(type);
        if (scalar != null) {
            return field.setType(scalar);
        }
        // a message or enum, by its name as written: the descriptor builder resolves it with protobuf's scoping
        return field.setTypeName(type);
    }

    private static FieldDescriptorProto.Label label(Field.Label label) {
        if (label == Field.Label.REPEATED) {
            return FieldDescriptorProto.Label.LABEL_REPEATED;
        }
        if (label == Field.Label.REQUIRED) {
            return FieldDescriptorProto.Label.LABEL_REQUIRED;
        }
        return FieldDescriptorProto.Label.LABEL_OPTIONAL;
    }

    private static EnumDescriptorProto enumeration(EnumElement element) {
        EnumDescriptorProto.Builder enumeration = EnumDescriptorProto.newBuilder().setName(element.getName());
        for (EnumConstantElement constant : element.getConstants()) {
            enumeration.addValue(EnumValueDescriptorProto.newBuilder()
                    .setName(constant.getName())
                    .setNumber(constant.getTag()));
        }
        for (OptionElement option : element.getOptions()) {
            if ("allow_alias".equals(option.getName())) {
                enumeration.setOptions(DescriptorProtos.EnumOptions.newBuilder()
                        .setAllowAlias(Boolean.parseBoolean(String.valueOf(option.getValue()))));
            }
        }
        return enumeration.build();
    }

    private static String camelCase(String fieldName) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : fieldName.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
