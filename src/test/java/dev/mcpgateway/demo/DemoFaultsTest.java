package dev.mcpgateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgateway.demo.DemoFaults.Action;
import dev.mcpgateway.demo.DemoFaults.Decision;
import dev.mcpgateway.demo.DemoFaults.Settings;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DemoFaultsTest {

    @Test
    void parsesTheEnvironmentVariableFormat() {
        Settings s = Settings.parse("latency=50ms, latency_jitter=1s,error_rate=0.1,crash_after=10,hang_after=3,"
                + "hang_all_after=4,garbage_after=5,drop_session_after=6");

        assertThat(s.latency()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.latencyJitter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.errorRate()).isEqualTo(0.1);
        assertThat(s.crashAfter()).isEqualTo(10);
        assertThat(s.hangAfter()).isEqualTo(3);
        assertThat(s.hangAllAfter()).isEqualTo(4);
        assertThat(s.garbageAfter()).isEqualTo(5);
        assertThat(s.dropSessionAfter()).isEqualTo(6);
    }

    @Test
    void blankMeansNoFaultsAndABareNumberIsMilliseconds() {
        assertThat(Settings.parse("")).isEqualTo(Settings.NONE);
        assertThat(Settings.parse(null).isNone()).isTrue();
        assertThat(Settings.parse("latency=20").latency()).isEqualTo(Duration.ofMillis(20));
        assertThat(Settings.parse("latency=1.5s").latency()).isEqualTo(Duration.ofMillis(1500));
        assertThat(Settings.parse("Latency-Jitter=7ms").latencyJitter()).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void badSettingsAreRejectedWithMessagesNamingTheKey() {
        assertThatThrownBy(() -> Settings.parse("latency=fast")).hasMessageContaining("latency").hasMessageContaining("50ms");
        assertThatThrownBy(() -> Settings.parse("error_rate=2")).hasMessageContaining("error_rate must be between 0 and 1");
        assertThatThrownBy(() -> Settings.parse("crash_after=-1")).hasMessageContaining("crash_after must be 0 or more");
        assertThatThrownBy(() -> Settings.parse("crash_after=ten")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Settings.parse("explode=1")).hasMessageContaining("unknown fault \"explode\"").hasMessageContaining("crash_after");
        assertThatThrownBy(() -> Settings.parse("latency")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Settings.parse("latency=11m")).hasMessageContaining("latency");
    }

    @Test
    void describeRoundTripsThroughParse() {
        Settings s = Settings.parse("latency=50ms,error_rate=0.25,crash_after=0,drop_session_after=2");

        assertThat(s.describe()).isEqualTo("latency=50ms,error_rate=0.25,crash_after=0,drop_session_after=2");
        assertThat(Settings.parse(s.describe())).isEqualTo(s);
        assertThat(Settings.NONE.describe()).isEqualTo("none");
    }

    @Test
    void readsTheDemoFaultsToolArguments() {
        Settings s = Settings.fromJson(JsonValue.parse("{\"latency\":25,\"latency_jitter\":\"1s\",\"error_rate\":0.5,\"hang_after\":2,\"garbage_after\":null}"));

        assertThat(s.latency()).isEqualTo(Duration.ofMillis(25));
        assertThat(s.latencyJitter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.errorRate()).isEqualTo(0.5);
        assertThat(s.hangAfter()).isEqualTo(2);
        assertThat(s.garbageAfter()).isEqualTo(-1);
        assertThatThrownBy(() -> Settings.fromJson(JsonValue.parse("{\"crash_after\":true}"))).hasMessageContaining("crash_after");
    }

    @Test
    void writesTheActiveFaultsAsJsonWithoutTheUnsetOnes() {
        JsonWriter w = new JsonWriter();
        Settings.parse("latency=50ms,error_rate=0.1,hang_all_after=3").writeJson(w);

        assertThat(w.toJsonValue().toString()).isEqualTo("{\"latency_ms\":50,\"error_rate\":0.1,\"hang_all_after\":3}");
    }

    @Test
    void crashAfterAnswersTheFirstNCallsThenCrashes() {
        DemoFaults faults = DemoFaults.parse("crash_after=2");

        assertThat(actions(faults, 4)).containsExactly(Action.ANSWER, Action.ANSWER, Action.CRASH, Action.CRASH);
    }

    @Test
    void hangAfterHangsLaterCallsButDoesNotWedgeTheServer() {
        DemoFaults faults = DemoFaults.parse("hang_after=1");

        assertThat(actions(faults, 3)).containsExactly(Action.ANSWER, Action.HANG, Action.HANG);
        assertThat(faults.wedged()).isFalse();
    }

    @Test
    void hangAllAfterWedgesTheServerForGood() {
        DemoFaults faults = DemoFaults.parse("hang_all_after=1");

        assertThat(actions(faults, 1)).containsExactly(Action.ANSWER);
        assertThat(faults.wedged()).isFalse();
        assertThat(actions(faults, 1)).containsExactly(Action.HANG);
        assertThat(faults.wedged()).isTrue();

        faults.configure(Settings.NONE);
        assertThat(faults.wedged()).as("a wedged process stays wedged").isTrue();
    }

    @Test
    void garbageAfterAndErrorRateApplyAfterTheLatency() {
        DemoFaults garbage = DemoFaults.parse("garbage_after=1,latency=30ms");
        List<Decision> decisions = List.of(garbage.onToolCall(), garbage.onToolCall());

        assertThat(decisions).extracting(Decision::action).containsExactly(Action.ANSWER, Action.GARBAGE);
        assertThat(decisions).extracting(Decision::delayNanos).containsOnly(Duration.ofMillis(30).toNanos());

        assertThat(actions(DemoFaults.parse("error_rate=1"), 3)).containsOnly(Action.INTERNAL_ERROR);
        assertThat(actions(DemoFaults.parse("error_rate=0"), 3)).containsOnly(Action.ANSWER);
    }

    @Test
    void crashWinsOverEveryOtherFault() {
        DemoFaults faults = DemoFaults.parse("crash_after=0,hang_after=0,garbage_after=0,error_rate=1");

        assertThat(actions(faults, 1)).containsExactly(Action.CRASH);
    }

    @Test
    void jitterStaysWithinItsBound() {
        DemoFaults faults = DemoFaults.parse("latency=10ms,latency_jitter=5ms");

        for (int i = 0; i < 200; i++) {
            assertThat(faults.onToolCall().delayNanos()).isBetween(Duration.ofMillis(10).toNanos(), Duration.ofMillis(15).toNanos());
        }
    }

    @Test
    void sessionsAreDroppedOnceAfterTheNthCall() {
        DemoFaults faults = DemoFaults.parse("drop_session_after=2");

        assertThat(List.of(faults.onToolCall(), faults.onToolCall(), faults.onToolCall(), faults.onToolCall()))
                .extracting(Decision::dropSessions).containsExactly(false, true, false, false);
    }

    @Test
    void reconfiguringRestartsTheCountAndRearmsTheSessionDrop() {
        DemoFaults faults = DemoFaults.parse("drop_session_after=1");
        assertThat(faults.onToolCall().dropSessions()).isTrue();
        assertThat(faults.toolCalls()).isEqualTo(1);

        faults.configure(Settings.parse("drop_session_after=1,crash_after=1"));

        assertThat(faults.toolCalls()).isZero();
        Decision first = faults.onToolCall();
        assertThat(first.action()).isEqualTo(Action.ANSWER);
        assertThat(first.dropSessions()).isTrue();
        assertThat(faults.onToolCall().action()).isEqualTo(Action.CRASH);
    }

    @Test
    void aDropAfterZeroCallsSetAtRuntimeHappensImmediatelyAndOnlyOnce() {
        DemoFaults faults = DemoFaults.none();
        faults.configure(Settings.parse("drop_session_after=0"));

        assertThat(faults.takeImmediateSessionDrop()).isTrue();
        assertThat(faults.takeImmediateSessionDrop()).isFalse();
        assertThat(faults.onToolCall().dropSessions()).as("already dropped for this setting").isFalse();
    }

    @Test
    void concurrentCallsAreEachCountedOnce() throws Exception {
        DemoFaults faults = DemoFaults.parse("hang_after=500");
        AtomicInteger hung = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 1000; i++) {
                pool.execute(() -> {
                    if (faults.onToolCall().action() == Action.HANG) {
                        hung.incrementAndGet();
                    }
                });
            }
        }

        assertThat(faults.toolCalls()).isEqualTo(1000);
        assertThat(hung).hasValue(500);
    }

    private static List<Action> actions(DemoFaults faults, int calls) {
        List<Action> out = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            out.add(faults.onToolCall().action());
        }
        return out;
    }
}
