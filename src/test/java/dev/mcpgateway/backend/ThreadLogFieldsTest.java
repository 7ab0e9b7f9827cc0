package dev.mcpgateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ThreadLogFieldsTest {

    @AfterEach
    void clearLogFields() {
        MDC.clear();
    }

    @Test
    void aThreadWithoutFieldsHasNone() {
        assertThat(ThreadLogFields.current()).isNull();
        MDC.put("request_id", "r-1");
        MDC.remove("request_id");
        assertThat(ThreadLogFields.current()).isNull();
    }

    @Test
    void aSnapshotIsReusedWhileTheFieldsStayTheSameAndNeverChangesAfterwards() {
        MDC.put("request_id", "r-1");
        Map<String, String> first = ThreadLogFields.current();
        assertThat(ThreadLogFields.current()).isSameAs(first);
        MDC.put("backend", "github");
        assertThat(first).containsExactly(Map.entry("request_id", "r-1"));
        assertThat(ThreadLogFields.current()).containsExactly(Map.entry("request_id", "r-1"), Map.entry("backend", "github"));
        assertThatThrownBy(() -> first.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void installReplacesTheThreadsFieldsAndNullClearsThem() {
        MDC.put("request_id", "r-1");
        Map<String, String> snapshot = ThreadLogFields.current();
        MDC.put("request_id", "r-2");
        MDC.put("session", "s");
        ThreadLogFields.install(snapshot);
        assertThat(MDC.getCopyOfContextMap()).containsExactly(Map.entry("request_id", "r-1"));
        MDC.put("method", "tools/call"); // the installed fields are the thread's own: changing them leaves the snapshot alone
        assertThat(snapshot).containsExactly(Map.entry("request_id", "r-1"));
        ThreadLogFields.install(null);
        assertThat(MDC.getCopyOfContextMap()).isNull();
    }
}
