package io.tributary.proxy.consumers;

/** A consumer instance's identity: its group and its name within it. */
record ConsumerKey(String group, String instanceId) {
}
