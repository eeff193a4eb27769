package io.tributary.session.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.ColumnDesc;
import io.tributary.session.support.KyuubiDtos.GetColumnsRequest;
import io.tributary.session.support.KyuubiDtos.GetCrossReferenceRequest;
import io.tributary.session.support.KyuubiDtos.GetFunctionsRequest;
import io.tributary.session.support.KyuubiDtos.GetPrimaryKeysRequest;
import io.tributary.session.support.KyuubiDtos.GetSchemasRequest;
import io.tributary.session.support.KyuubiDtos.GetTablesRequest;
import io.tributary.session.support.KyuubiDtos.OperationHandle;
import io.tributary.session.support.KyuubiDtos.ResultRowSet;
import io.tributary.session.support.KyuubiDtos.ResultSetMetaData;
import io.tributary.session.support.SessionServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadataOperationsTest extends SessionServiceIntegrationTest {

    private static final String PARENT = TestInfrastructure.uniqueName("parent");
    private static final String CHILD = TestInfrastructure.uniqueName("child");
    private static String session;

    @BeforeEach
    void createTables() {
        if (session == null) {
            session = openSession();
            execute(session, "CREATE TABLE " + PARENT + " (id int PRIMARY KEY, label text)");
            execute(session, "CREATE TABLE " + CHILD + " (id int, parent_id int REFERENCES " + PARENT + "(id))");
            execute(session, "CREATE FUNCTION " + PARENT + "_fn() RETURNS int AS 'SELECT 1' LANGUAGE sql");
        }
    }

    @AfterAll
    static void forget() {
        session = null;
    }

    @Test
    void catalogsNameTheEngineDatabase() {
        List<Map<String, Object>> rows = rows(metadata("catalogs", null));

        assertThat(rows).extracting(row -> row.get("TABLE_CAT")).contains(ENGINE_DATABASE);
    }

    @Test
    void schemasIncludePublic() {
        List<Map<String, Object>> rows = rows(metadata("schemas", new GetSchemasRequest(null, "pub%")));

        assertThat(rows).extracting(row -> row.get("TABLE_SCHEM")).containsExactly("public");
    }

    @Test
    void tablesFindTheCreatedTableByPatternAndType() {
        List<Map<String, Object>> rows = rows(metadata("tables",
                new GetTablesRequest(null, "public", PARENT, List.of("TABLE"))));
        List<Map<String, Object>> views = rows(metadata("tables",
                new GetTablesRequest(null, "public", PARENT, List.of("VIEW"))));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get("TABLE_NAME")).isEqualTo(PARENT);
            assertThat(row.get("TABLE_TYPE")).isEqualTo("TABLE");
        });
        assertThat(views).isEmpty();
    }

    @Test
    void tableTypesListsTableAndView() {
        assertThat(rows(metadata("tableTypes", null))).extracting(row -> row.get("TABLE_TYPE"))
                .contains("TABLE", "VIEW");
    }

    @Test
    void columnsDescribeTheCreatedTable() {
        String operation = metadata("columns", new GetColumnsRequest(null, "public", PARENT, "%"));
        ResultSetMetaData metadata = read(get("/api/v1/operations/" + operation + "/resultsetmetadata"), 200,
                ResultSetMetaData.class);

        assertThat(metadata.columns()).extracting(ColumnDesc::columnName)
                .contains("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME");
        assertThat(rows(operation)).extracting(row -> row.get("COLUMN_NAME") + ":" + row.get("TYPE_NAME"))
                .containsExactly("id:int4", "label:text");
    }

    @Test
    void primaryKeysAndCrossReferenceFollowTheConstraint() {
        assertThat(rows(metadata("primaryKeys", new GetPrimaryKeysRequest(null, "public", PARENT))))
                .singleElement().satisfies(row -> assertThat(row.get("COLUMN_NAME")).isEqualTo("id"));
        assertThat(rows(metadata("crossReference",
                new GetCrossReferenceRequest(null, "public", PARENT, null, "public", CHILD))))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("PKCOLUMN_NAME")).isEqualTo("id");
                    assertThat(row.get("FKCOLUMN_NAME")).isEqualTo("parent_id");
                });
    }

    @Test
    void functionsAndTypeInfoAnswer() {
        assertThat(rows(metadata("functions", new GetFunctionsRequest(null, "public", PARENT + "%"))))
                .extracting(row -> row.get("FUNCTION_NAME")).containsExactly(PARENT + "_fn");
        assertThat(rows(metadata("typeInfo", null))).extracting(row -> row.get("TYPE_NAME"))
                .contains("int4", "text");
    }

    private String metadata(String kind, Object body) {
        return read(postJson("/api/v1/sessions/" + session + "/operations/" + kind, body == null ? "{}" : body), 200,
                OperationHandle.class).identifier();
    }

    /** Every row of the result, by column name, read through several pages. */
    private List<Map<String, Object>> rows(String operation) {
        ResultSetMetaData metadata = read(get("/api/v1/operations/" + operation + "/resultsetmetadata"), 200,
                ResultSetMetaData.class);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ResultRowSet page = rowSet(operation, "?maxrows=50"); !page.rows().isEmpty();
                page = rowSet(operation, "?maxrows=50")) {
            page.rows().forEach(row -> {
                Map<String, Object> byName = new LinkedHashMap<>();
                for (int i = 0; i < row.fields().size(); i++) {
                    byName.put(metadata.columns().get(i).columnName(), row.fields().get(i).value());
                }
                rows.add(byName);
            });
        }
        return rows;
    }
}
