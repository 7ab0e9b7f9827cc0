package dev.mcpgateway.backend.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void escapesControlCharactersSoAChildCannotForgeLogLines() {
        String text = "a\nfake log line\r\t\u001b[31mred\u0000\u2028\u202e";
        assertThat(Printable.excerpt(text.getBytes(StandardCharsets.UTF_8), 200))
                .isEqualTo("a\\nfake log line\\r\\t\\u001b[31mred\\u0000\\u2028\\u202e");
    }

    @Test
    void keepsPrintableUnicode() {
        assertThat(Printable.excerpt("héllo ✓ 𝄞".getBytes(StandardCharsets.UTF_8), 200)).isEqualTo("héllo ✓ 𝄞");
    }

    @Test
    void cutsLongTextAndMarksTheCut() {
        assertThat(Printable.excerpt("x".repeat(500).getBytes(StandardCharsets.UTF_8), 200))
                .isEqualTo("x".repeat(200) + "…");
    }

    @Test
    void replacesMalformedUtf8AndDropsACharacterSplitByTheCut() {
        byte[] bad = {'a', (byte) 0xC0, 'b'};
        assertThat(Printable.excerpt(bad, 200)).isEqualTo("a\uFFFDb");
        byte[] euro = "€€€".getBytes(StandardCharsets.UTF_8); // 9 bytes
        assertThat(Printable.excerpt(euro, 8, 200)).isEqualTo("€€…");
    }
}
