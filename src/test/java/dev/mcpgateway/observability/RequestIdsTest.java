package dev.mcpgateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void newIdsAreVersion4UuidsAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.next();
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void aPlausibleInboundIdIsKept() {
        for (String id : new String[] {"abc-123", "01HZX3J4K5M6N7P8Q9R0S1T2V3", "req_42.a:b/c+d=e@f", "x".repeat(128)}) {
            assertThat(RequestIds.keepOrMake(id)).isEqualTo(id);
        }
    }

    @Test
    void anythingThatCouldBreakALogLineOrAHeaderIsReplaced() {
        for (String id : new String[] {null, "", "has space", "quote\"", "new\nline", "x".repeat(129), "é", "a,b", "{json}"}) {
            assertThat(RequestIds.keepOrMake(id)).isNotEqualTo(id).matches("[0-9a-f-]{36}");
        }
    }
}
