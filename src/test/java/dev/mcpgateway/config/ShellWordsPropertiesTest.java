package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Quoting words and splitting the joined line must give the same words back, whatever they contain. */
class ShellWordsPropertiesTest {

    @Property(tries = 2000)
    void splittingSingleQuotedWordsGivesThemBack(@ForAll("words") List<String> words) {
        assertThat(ShellWords.split(ShellWords.join(words))).isEqualTo(words);
    }

    @Property(tries = 2000)
    void splittingDoubleQuotedWordsGivesThemBack(@ForAll("words") List<String> words) {
        String line = words.stream().map(ShellWordsPropertiesTest::doubleQuoted).collect(Collectors.joining(" \t "));
        assertThat(ShellWords.split(line)).isEqualTo(words);
    }

    @Property(tries = 2000)
    void splittingBackslashEscapedWordsGivesThemBack(@ForAll("nonEmptyWords") List<String> words) {
        String line = words.stream().map(ShellWordsPropertiesTest::backslashed).collect(Collectors.joining(" "));
        assertThat(ShellWords.split(line)).isEqualTo(words);
    }

    @Provide
    Arbitrary<List<String>> words() {
        return word(0).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<String>> nonEmptyWords() {
        return word(1).filter(w -> !w.contains("\n")).list().ofMaxSize(8);
    }

    private static Arbitrary<String> word(int minLength) {
        Arbitrary<Character> tricky = Arbitraries.of(' ', '\t', '\n', '\'', '"', '\\', '$', '`', '|', '&', ';', '*', '{', '}');
        Arbitrary<Character> any = Arbitraries.chars().range(' ', '~');
        Arbitrary<Character> unicode = Arbitraries.chars().range('\u00a0', '\u2fff');
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, tricky), net.jqwik.api.Tuple.of(5, any), net.jqwik.api.Tuple.of(1, unicode))
                .list().ofMinSize(minLength).ofMaxSize(12)
                .map(chars -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    private static String doubleQuoted(String word) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : word.toCharArray()) {
            if (c == '"' || c == '\\' || c == '$' || c == '`') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    private static String backslashed(String word) {
        StringBuilder out = new StringBuilder();
        for (char c : word.toCharArray()) {
            out.append('\\').append(c);
        }
        return out.toString();
    }
}
