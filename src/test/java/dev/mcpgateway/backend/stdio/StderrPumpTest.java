package dev.mcpgateway.backend.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StderrPumpTest {

    private static StderrPump pumpAll(String stderr) {
        StderrPump pump = new StderrPump("test", new ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)),
                new LogRateLimiter(1000, System::nanoTime), new StdioCounters());
        pump.run();
        return pump;
    }

    @Test
    void keepsTheErrorMessageOfANodeCrashButNotItsStackFrames() {
        StderrPump pump = pumpAll("""
                file:///srv/server.mjs:13
                  throw new Error(`boom`);
                  ^

                Error: boom
                    at explode (file:///srv/server.mjs:13:9)
                    at Immediate.<anonymous> (file:///srv/server.mjs:32:26)
                    at process.processImmediate (node:internal/timers:483:21)
                    at file:///srv/server.mjs:40:1

                Node.js v20.20.2
                """);

        assertThat(pump.tail()).containsExactly("file:///srv/server.mjs:13", "  throw new Error(`boom`);", "  ^", "Error: boom", "Node.js v20.20.2");
    }

    @Test
    void keepsTheExceptionLinesOfAJavaCrashButNotItsStackFrames() {
        StderrPump pump = pumpAll("""
                starting
                Exception in thread "main" java.lang.IllegalStateException: GITHUB_TOKEN is not set
                \tat com.example.Server.config(Server.java:42)
                \tat com.example.Server.main(Server.java:12)
                Caused by: java.io.FileNotFoundException: token.txt
                \tat java.base/java.io.FileInputStream.open0(Native Method)
                \t... 2 more
                """);

        assertThat(pump.tail()).containsExactly("starting", "Exception in thread \"main\" java.lang.IllegalStateException: GITHUB_TOKEN is not set",
                "Caused by: java.io.FileNotFoundException: token.txt");
    }

    @Test
    void ordinaryLinesThatHappenToStartWithAtAreKept() {
        StderrPump pump = pumpAll("""
                at startup the cache is empty
                Traceback (most recent call last):
                  File "/srv/server.py", line 3, in <module>
                ValueError: bad port
                """);

        assertThat(pump.tail()).containsExactly("at startup the cache is empty", "Traceback (most recent call last):", "ValueError: bad port");
    }

    @Test
    void recognisesStackFramesOfJavaNodeAndPython() {
        assertThat(StderrPump.isStackFrame("\\tat a.b.C.m(C.java:1)")).isTrue();
        assertThat(StderrPump.isStackFrame("    at async Promise.all (index 0)")).isTrue();
        assertThat(StderrPump.isStackFrame("    at node:internal/main/run_main_module:28:49")).isTrue();
        assertThat(StderrPump.isStackFrame("\\t... 12 common frames omitted")).isTrue();
        assertThat(StderrPump.isStackFrame("  File \"x.py\", line 3, in f")).isTrue();
        assertThat(StderrPump.isStackFrame("Error: boom (code 3)")).isFalse();
        assertThat(StderrPump.isStackFrame("at 10:00 the job starts")).isFalse();
    }
}
