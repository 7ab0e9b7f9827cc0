package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellWordsTest {

    @Test
    void whitespaceSeparatesWords() {
        assertThat(ShellWords.split("  npx  -y\t@modelcontextprotocol/server-everything\n"))
                .containsExactly("npx", "-y", "@modelcontextprotocol/server-everything");
    }

    @Test
    void anEmptyOrBlankLineHasNoWords() {
        assertThat(ShellWords.split("")).isEmpty();
        assertThat(ShellWords.split(" \t ")).isEmpty();
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        assertThat(ShellWords.split("echo 'a  b' '\\n \"x\" $HOME'")).containsExactly("echo", "a  b", "\\n \"x\" $HOME");
    }

    @Test
    void doubleQuotesUnescapeOnlyQuoteBackslashDollarAndBacktick() {
        assertThat(ShellWords.split("say \"a \\\"b\\\" \\\\ \\$x \\` \\n\""))
                .containsExactly("say", "a \"b\" \\ $x ` \\n");
    }

    @Test
    void aBackslashOutsideQuotesEscapesTheNextCharacter() {
        assertThat(ShellWords.split("open my\\ file.txt \\'q\\'")).containsExactly("open", "my file.txt", "'q'");
    }

    @Test
    void backslashNewlineContinuesTheLine() {
        assertThat(ShellWords.split("node \\\nserver.js \"a\\\nb\"")).containsExactly("node", "server.js", "ab");
    }

    @Test
    void adjacentQuotedAndUnquotedPartsFormOneWord() {
        assertThat(ShellWords.split("--name=\"my server\" pre'fix'post")).containsExactly("--name=my server", "prefixpost");
    }

    @Test
    void emptyQuotesAreAnEmptyWord() {
        assertThat(ShellWords.split("a '' \"\" b")).containsExactly("a", "", "", "b");
    }

    @Test
    void shellMetacharactersAreJustCharacters() {
        assertThat(ShellWords.split("a | b && c > d $(e) `f` *"))
                .containsExactly("a", "|", "b", "&&", "c", ">", "d", "$(e)", "`f`", "*");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "echo 'abc         | unterminated single quote (opened at character 6)",
        "echo \"abc        | unterminated double quote (opened at character 6)",
        "echo \"a\\\"        | unterminated double quote (opened at character 6)",
        "echo abc\\        | ends with a backslash that escapes nothing"
    })
    void unterminatedQuotesAndTrailingBackslashesAreErrors(String line, String message) {
        assertThatThrownBy(() -> ShellWords.split(line.strip()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void quoteLeavesPlainWordsAloneAndQuotesTheRest() {
        assertThat(ShellWords.quote("--port=3000")).isEqualTo("--port=3000");
        assertThat(ShellWords.quote("/opt/my dir/x.jar")).isEqualTo("'/opt/my dir/x.jar'");
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellWords.quote("")).isEqualTo("''");
    }

    @Test
    void joinThenSplitGivesTheWordsBack() {
        List<String> words = List.of("java", "-jar", "/opt/my dir/x.jar", "it's", "", "$HOME", "a\"b\\c");
        assertThat(ShellWords.split(ShellWords.join(words))).isEqualTo(words);
    }
}
