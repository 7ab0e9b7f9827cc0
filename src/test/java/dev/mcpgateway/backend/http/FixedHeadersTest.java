package dev.mcpgateway.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

class FixedHeadersTest {

    @Test
    void hostIsTheHostAndAPortThatIsNotTheSchemesDefault() {
        assertThat(FixedHeaders.hostValue(URI.create("http://127.0.0.1:39400/mcp"))).isEqualTo("127.0.0.1:39400");
        assertThat(FixedHeaders.hostValue(URI.create("http://example.com/mcp"))).isEqualTo("example.com");
        assertThat(FixedHeaders.hostValue(URI.create("http://example.com:80/mcp"))).isEqualTo("example.com");
        assertThat(FixedHeaders.hostValue(URI.create("https://example.com:443/mcp"))).isEqualTo("example.com");
        assertThat(FixedHeaders.hostValue(URI.create("https://example.com:80/mcp"))).isEqualTo("example.com:80");
        assertThat(FixedHeaders.hostValue(URI.create("http://[::1]:8080/mcp"))).isEqualTo("[::1]:8080");
    }

    @Test
    void hostNeverCarriesTheUserInformation() {
        assertThat(FixedHeaders.hostValue(URI.create("https://user:secret@example.com:8443/mcp"))).isEqualTo("example.com:8443");
    }

    @Test
    void addsHostAndTheConfiguredHeadersEachOnce() {
        FixedHeaders fixed = FixedHeaders.of(URI.create("http://127.0.0.1:9/mcp"), Map.of("Authorization", "Bearer t", "X-Team", "a"));
        HttpFields.Mutable headers = HttpFields.build();
        headers.put(HttpHeader.HOST, "replaced");
        fixed.addTo(headers);
        fixed.addTo(headers);

        assertThat(headers.getValuesList(HttpHeader.HOST)).containsExactly("127.0.0.1:9");
        assertThat(headers.getValuesList("authorization")).containsExactly("Bearer t");
        assertThat(headers.getField("Authorization").getHeader()).isEqualTo(HttpHeader.AUTHORIZATION);
        assertThat(headers.getValuesList("X-Team")).containsExactly("a");
    }
}
