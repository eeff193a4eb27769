package io.tributary.sql.queryservice;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code /query/service} request with its parameters checked: what to run and how to answer.
 *
 * @param parameters statement parameters by name: {@code $name} as {@code name}, {@code args} as {@code 1, 2...};
 *                   values are JSON values (String, Number, Boolean, List, Map, null)
 */
public record QueryServiceRequest(String statement, ResultFormat format, boolean pretty, String clientContextId,
        Mode mode, Map<String, Object> parameters, Optional<Duration> timeout, boolean readOnly, boolean signature,
        PlanFormat planFormat, PlanFlags plans, Optional<Integer> maxResultReads, long maxWarnings) {

    public enum Mode { IMMEDIATE, DEFERRED, ASYNC }

    public enum PlanFormat { JSON, STRING }

    /** Which plans to include in {@code plans}. */
    public record PlanFlags(boolean expressionTree, boolean rewrittenExpressionTree, boolean logicalPlan,
            boolean optimizedLogicalPlan, boolean job) {
        public static final PlanFlags NONE = new PlanFlags(false, false, false, false, false);

        public boolean any() {
            return expressionTree || rewrittenExpressionTree || logicalPlan || optimizedLogicalPlan || job;
        }
    }
}
