package dev.mcpgateway.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.server.HttpConfiguration;
import org.junit.jupiter.api.Test;

class GatewayHttpServerTest {

    @Test
    void listenersKeepNoPerConnectionHeaderCacheAndDoNotAdvertiseTheServer() {
        HttpConfiguration http = GatewayHttpServer.httpConfiguration();

        assertThat(http.getHeaderCacheSize()).isZero();
        assertThat(http.getSendServerVersion()).isFalse();
        assertThat(http.getSendXPoweredBy()).isFalse();
    }
}
