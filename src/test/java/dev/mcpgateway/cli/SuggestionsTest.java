package dev.mcpgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> SERVE = ServeCommand.SPEC.optionNames();
    private static final List<String> COMMANDS = List.of("serve", "validate", "init", "version", "demo-server", "help");

    @Test
    void distanceCountsEditsAndSwapsOfNeighbours() {
        assertThat(Suggestions.distance("config", "config")).isZero();
        assertThat(Suggestions.distance("confg", "config")).isEqualTo(1);
        assertThat(Suggestions.distance("cnofig", "config")).as("a swap is one edit").isEqualTo(1);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void closeTyposFindTheirOption() {
        assertThat(Suggestions.closest("--confg", SERVE)).containsExactly("--config");
        assertThat(Suggestions.closest("--prot", SERVE)).containsExactly("--port");
        assertThat(Suggestions.closest("--stido", SERVE)).containsExactly("--stdio");
        assertThat(Suggestions.closest("--loglevel", SERVE)).containsExactly("--log-level");
        assertThat(Suggestions.closest("--accesslog", SERVE)).containsExactly("--access-log");
        assertThat(Suggestions.closest("--versoin", SERVE)).containsExactly("--version");
        assertThat(Suggestions.closest("--c", SERVE)).as("dashes do not count").containsExactly("-c");
    }

    @Test
    void aBeginningFindsEveryOptionItStarts() {
        assertThat(Suggestions.closest("--log", SERVE)).containsExactly("--log-level", "--log-format");
        assertThat(Suggestions.closest("--acc", SERVE)).containsExactly("--access-log");
        assertThat(Suggestions.closest("demo", COMMANDS)).containsExactly("demo-server");
    }

    @Test
    void farOffNamesAreNotSuggested() {
        assertThat(Suggestions.closest("--bogus", SERVE)).isEmpty();
        assertThat(Suggestions.closest("-x", SERVE)).as("every short option is one letter off").isEmpty();
        assertThat(Suggestions.closest("frobnicate", COMMANDS)).isEmpty();
        assertThat(Suggestions.didYouMean("--bogus", SERVE)).isEmpty();
    }

    @Test
    void commandsToo() {
        assertThat(Suggestions.closest("serv", COMMANDS)).containsExactly("serve");
        assertThat(Suggestions.closest("server", COMMANDS)).containsExactly("serve");
        assertThat(Suggestions.closest("valdiate", COMMANDS)).containsExactly("validate");
        assertThat(Suggestions.didYouMean("serv", COMMANDS)).isEqualTo("; did you mean serve?");
    }

    @Test
    void listsReadAsProse() {
        assertThat(Suggestions.joinWith(List.of("a"), "or")).isEqualTo("a");
        assertThat(Suggestions.joinWith(List.of("a", "b"), "or")).isEqualTo("a or b");
        assertThat(Suggestions.joinWith(List.of("a", "b", "c"), "and")).isEqualTo("a, b and c");
    }
}
