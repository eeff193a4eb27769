package io.tributary.session.server;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class ApiRootController {

    private final KyuubiServerProperties properties;

    ApiRootController(KyuubiServerProperties properties) {
        this.properties = properties;
    }

    @GetMapping(path = "/ping", produces = MediaType.TEXT_PLAIN_VALUE)
    String ping() {
        return "pong";
    }

    @GetMapping(path = "/version", produces = MediaType.APPLICATION_JSON_VALUE)
    VersionInfo version() {
        return new VersionInfo(properties.reportedVersion());
    }
}
