package io.tributary.connect.web;

import io.tributary.testkit.ErrorEnvelopeContract;

class ConnectBadInputTest extends ErrorEnvelopeContract {

    @Override
    protected int errorCodeFor(int httpStatus) {
        return httpStatus;
    }

    @Override
    protected String getOnlyPath() {
        return "/";
    }
}
