package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One result of {@code POST /ksql}, tagged with its {@code @type} as ksqlDB's entities are. Every entity carries
 * the statement it answers and its warnings.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "@type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CommandStatusEntity.class, name = "currentStatus"),
        @JsonSubTypes.Type(value = WarningEntity.class, name = "warning_entity"),
        @JsonSubTypes.Type(value = StreamsList.class, name = "streams"),
        @JsonSubTypes.Type(value = TablesList.class, name = "tables"),
        @JsonSubTypes.Type(value = KafkaTopicsList.class, name = "kafka_topics"),
        @JsonSubTypes.Type(value = PropertiesList.class, name = "properties"),
        @JsonSubTypes.Type(value = QueriesList.class, name = "queries"),
        @JsonSubTypes.Type(value = SourceDescriptionEntity.class, name = "sourceDescription"),
        @JsonSubTypes.Type(value = SourceDescriptionList.class, name = "source_descriptions"),
        @JsonSubTypes.Type(value = QueryDescriptionEntity.class, name = "queryDescription"),
        @JsonSubTypes.Type(value = FunctionNameList.class, name = "function_names"),
        @JsonSubTypes.Type(value = VariablesList.class, name = "variables"),
        @JsonSubTypes.Type(value = FunctionDescriptionList.class, name = "describe_function"),
        @JsonSubTypes.Type(value = TerminateQueryEntity.class, name = "terminate_query")
})
public sealed interface KsqlEntity permits CommandStatusEntity, WarningEntity, StreamsList, TablesList,
        KafkaTopicsList, PropertiesList, QueriesList, SourceDescriptionEntity, SourceDescriptionList,
        QueryDescriptionEntity, FunctionNameList, VariablesList, FunctionDescriptionList, TerminateQueryEntity {

    String statementText();

    List<Warning> warnings();

    record Warning(String message) {
    }
}
