package io.tributary.proxy.web;

import io.tributary.testkit.ErrorEnvelopeContract;

class ProxyBadInputTest extends ErrorEnvelopeContract {

    @Override
    protected int errorCodeFor(int httpStatus) {
        return httpStatus;
    }

    @Override
    protected String getOnlyPath() {
        return "/brokers";
    }
}
