package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.config.VariableExpander.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariableExpanderTest {

    private final VariableExpander expander = new VariableExpander(Map.of(
            "TOKEN", "s3cr3t", "EMPTY", "", "HOST", "db.internal", "PORT", "5432"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "plain text                   | plain text",
        "${TOKEN}                     | s3cr3t",
        "Bearer ${TOKEN}              | Bearer s3cr3t",
        "${HOST}:${PORT}              | db.internal:5432",
        "${MISSING:-fallback}         | fallback",
        "${EMPTY:-fallback}           | fallback",
        "${TOKEN:-fallback}           | s3cr3t",
        "${MISSING:-}                 | ''",
        "${MISSING:-${HOST}}          | db.internal",
        "${MISSING:-a ${PORT} b}!     | a 5432 b!",
        "$${TOKEN}                    | ${TOKEN}",
        "cost: $$5                    | cost: $5",
        "$5 and $HOME                 | $5 and $HOME",
        "trailing $                   | trailing $",
        "${EMPTY}                     | ''"
    })
    void expandsReferencesDefaultsAndEscapes(String raw, String expected) {
        assertThat(expander.expand(raw, false)).isEqualTo(new Result.Expanded(expected, List.of()));
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAnErrorNamingIt() {
        assertThat(expander.expand("Bearer ${GITHUB_TOKEN}", false)).isEqualTo(new Result.Failed(
                "environment variable GITHUB_TOKEN is not set; set it, or give a default: ${GITHUB_TOKEN:-default}"));
    }

    @Test
    void severalUnsetVariablesAreNamedTogether() {
        assertThat(expander.expand("${A}-${B}-${A}", false)).isEqualTo(new Result.Failed(
                "environment variables A, B are not set; set them, or give defaults: ${A:-default}"));
    }

    @Test
    void leniently_anUnsetVariableBecomesEmptyAndIsReported() {
        assertThat(expander.expand("x${A}y", true)).isEqualTo(new Result.Expanded("xy", List.of("A")));
        assertThat(expander.unsetIn("${A} ${TOKEN} ${B:-b}")).containsExactly("A");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "${TOKEN                | unterminated ${TOKEN: missing }",
        "${}                    | \"${}\" is not a valid variable reference; names are letters, digits and _ (write $$ for a literal $)",
        "${1X}                  | \"${1X}\" is not a valid variable reference; names are letters, digits and _ (write $$ for a literal $)",
        "${A-b}                 | \"${A-b}\" is not a valid variable reference; names are letters, digits and _ (write $$ for a literal $)",
        "${A:-x                 | unterminated ${ in a default value: missing }"
    })
    void malformedReferencesAreErrors(String raw, String message) {
        assertThat(expander.expand(raw, false)).isEqualTo(new Result.Failed(message));
    }

    @Test
    void noMessageEverContainsAnExpandedValue() {
        for (String raw : List.of("${TOKEN", "${TOKEN}${MISSING}", "${TOKEN:-${MISSING}", "${TOKEN} ${1}")) {
            if (expander.expand(raw, false) instanceof Result.Failed failed) {
                assertThat(failed.message()).doesNotContain("s3cr3t");
            }
        }
    }
}
