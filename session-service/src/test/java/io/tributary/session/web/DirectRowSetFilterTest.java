package io.tributary.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rowset requests the filter serves itself: only the plainest spellings, the rest go to the resource. */
class DirectRowSetFilterTest {

    private static final String HANDLE = "3f1e2a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b";

    @Test
    void takesTheHandleOfAPlainRowSetPath() {
        assertThat(DirectRowSetFilter.handle("/api/v1/operations/" + HANDLE + "/rowset")).isEqualTo(HANDLE);
        assertThat(DirectRowSetFilter.handle("/api/v1/operations/not-a-handle/rowset")).isEqualTo("not-a-handle");
    }

    @Test
    void leavesEveryOtherPathToTheResource() {
        for (String uri : List.of("/api/v1/operations/" + HANDLE + "/rowset/", "/api/v1/operations/" + HANDLE,
                "/api/v1/operations/" + HANDLE + "/log", "/api/v1/operations//rowset",
                "/api/v1/operations/" + HANDLE + ";x=1/rowset", "/api/v1/operations/" + HANDLE + "%2F/rowset",
                "/api/v1/operations/a/b/rowset", "/api//v1/operations/" + HANDLE + "/rowset",
                "/API/v1/operations/" + HANDLE + "/rowset", "/api/v1/operations/" + "a".repeat(65) + "/rowset",
                "/kyuubi/api/v1/operations/" + HANDLE + "/rowset")) {
            assertThat(DirectRowSetFilter.handle(uri)).as(uri).isNull();
        }
    }

    @Test
    void servesNoAcceptOrOnePlainlyNamingJson() {
        assertThat(DirectRowSetFilter.acceptsJson(null)).isTrue();
        assertThat(DirectRowSetFilter.acceptsJson(Collections.emptyEnumeration())).isTrue();
        for (String accept : List.of("application/json", "*/*", "application/*", "text/html, application/json",
                "application/json,text/plain")) {
            assertThat(DirectRowSetFilter.acceptsJson(Collections.enumeration(List.of(accept)))).as(accept).isTrue();
        }
    }

    @Test
    void leavesWeightsParametersMalformedRangesAndOtherTypesToTheResource() {
        for (String accept : List.of("application/json;q=0.9", "application/json;charset=UTF-8", "text/plain",
                "Application/JSON", "application/json, garbage", "application/json, text/", "application/json,",
                "application/json, */json", "application/json, a/b/c",
                "application/xml, */json")) {
            assertThat(DirectRowSetFilter.acceptsJson(Collections.enumeration(List.of(accept)))).as(accept).isFalse();
        }
        assertThat(DirectRowSetFilter.acceptsJson(Collections.enumeration(List.of("application/json", "*/*"))))
                .isFalse();
    }
}
