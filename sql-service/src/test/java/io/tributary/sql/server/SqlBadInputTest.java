package io.tributary.sql.server;

import io.tributary.testkit.ErrorEnvelopeContract;

class SqlBadInputTest extends ErrorEnvelopeContract {

    @Override
    protected int errorCodeFor(int httpStatus) {
        return httpStatus * 100;
    }

    @Override
    protected String getOnlyPath() {
        return "/info";
    }
}
