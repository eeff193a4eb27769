package io.tributary.session.web;

import io.tributary.testkit.ErrorEnvelopeContract;

class SessionBadInputTest extends ErrorEnvelopeContract {

    @Override
    protected int errorCodeFor(int httpStatus) {
        return httpStatus;
    }

    @Override
    protected String getOnlyPath() {
        return "/api/v1/version";
    }
}
