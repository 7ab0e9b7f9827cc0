package dev.mcpgateway.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonScannerTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "[]", "0", "-0", "1.10", "1e400", "-1.5E-7", "\"\"", "\"a\\u00e9\\n\"", "true", "false", "null",
        " {\"a\" : [1, 2, {\"b\": null}], \"c\":\"\\\"\"} ", "\"héllo ✓ 𝄞\"", "[[[[[]]]]]"
    })
    void acceptsValidJson(String json) {
        JsonValue v = JsonValue.parse(json);
        assertThat(v.toString()).isEqualTo(json.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.", ".5", "1e", "+1", "tru", "nul",
        "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "{\"a\" 1}", "[1 2]", "1 2", "'single'",
        "{\"a\":1}}", "NaN", "-", "\"tab\tinside\""
    })
    void rejectsInvalidJson(String json) {
        assertThatThrownBy(() -> JsonValue.parse(json)).isInstanceOf(JsonSyntaxException.class);
    }

    @Test
    void validationTellsWhetherAValueGoesOnOneLine() {
        assertThat(JsonScanner.parse(bytes("{\"a\": [1, {\"b\":\"x y\"}]}")).isFlat()).isTrue();
        assertThat(JsonScanner.parse(bytes("{\"a\":\n1}")).isFlat()).isFalse();
        assertThat(JsonScanner.parse(bytes("[1,\r2]")).isFlat()).isFalse();
        assertThat(JsonScanner.parse(bytes("{\"a\":[1,\n2],\"b\":{\"c\":3}}")).get("b").isFlat()).isTrue();
        assertThat(JsonScanner.parse(bytes("{\"a\":[1,\n2],\"b\":{\"c\":3}}")).get("a").isFlat()).isFalse();
        // whitespace around the text is not part of the value
        assertThat(JsonScanner.parse(bytes("\n{\"a\":1}\r\n")).isFlat()).isTrue();
        // an escaped newline in a string is two characters, not a line break
        assertThat(JsonScanner.parse(bytes("\"line\\nbreak\"")).isFlat()).isTrue();
    }

    @Test
    void rejectsMalformedUtf8() {
        byte[] overlong = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        byte[] surrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
        byte[] truncated = {'"', (byte) 0xE2, (byte) 0x82, '"'};
        for (byte[] bad : new byte[][] {overlong, surrogate, truncated}) {
            assertThatThrownBy(() -> JsonScanner.parse(bad)).isInstanceOf(JsonSyntaxException.class);
        }
    }

    @Test
    void rejectsNestingBeyondTheLimit() {
        String deep = "[".repeat(JsonScanner.MAX_DEPTH + 1) + "]".repeat(JsonScanner.MAX_DEPTH + 1);
        assertThatThrownBy(() -> JsonValue.parse(deep)).hasMessageContaining("nesting deeper");
        String ok = "[".repeat(JsonScanner.MAX_DEPTH) + "]".repeat(JsonScanner.MAX_DEPTH);
        assertThat(JsonValue.parse(ok).isArray()).isTrue();
    }

    @Test
    void reportsTheOffsetOfTheError() {
        assertThatThrownBy(() -> JsonValue.parse("{\"a\":tru}"))
                .isInstanceOfSatisfying(JsonSyntaxException.class, e -> assertThat(e.offset()).isEqualTo(5));
    }

    @Test
    void aMembersBufferViewCoversExactlyItsOriginalBytes() {
        JsonValue o = JsonValue.parse("{\"a\":1,\"o\":{\"k\": [1, 2.50]},\"z\":true}").get("o");

        ByteBuffer view = o.toByteBuffer();

        assertThat(view.remaining()).isEqualTo(o.length());
        assertThat(StandardCharsets.UTF_8.decode(view).toString()).isEqualTo("{\"k\": [1, 2.50]}");
        assertThat(o.toByteBuffer().remaining()).as("each view has its own position").isEqualTo(o.length());
    }

    @Test
    void readsMembersAndKeepsTheirOriginalBytes() {
        JsonValue v = JsonValue.parse("{ \"x\" : 1.10 , \"y\":1e400,\"s\":\"a\\\"b\",\"o\":{\"k\":[1, 2]} }");
        assertThat(v.get("x").toString()).isEqualTo("1.10");
        assertThat(v.get("y").toString()).isEqualTo("1e400");
        assertThat(v.get("s").asString()).isEqualTo("a\"b");
        assertThat(v.get("o").get("k").elements()).extracting(JsonValue::toString).containsExactly("1", "2");
        assertThat(v.get("missing")).isNull();
        assertThat(v.memberNames()).containsExactly("x", "y", "s", "o");
    }

    @Test
    void findsMembersWhoseNamesAreEscaped() {
        JsonValue v = JsonValue.parse("{\"\\u006dethod\":\"ping\"}");
        assertThat(v.getString("method")).isEqualTo("ping");
    }

    @Test
    void aNameMatchesOnlyTheWholeDecodedText() {
        JsonValue v = JsonValue.parse("{\"idx\":1,\"i\":2,\"\\u0069d\":3,\"n\u00e9\":4,\"na\\u006de\":5,\"x\\u0079z\":6}");
        assertThat(v.get("id")).hasToString("3");
        assertThat(v.get("idx")).hasToString("1");
        assertThat(v.get("i")).hasToString("2");
        assertThat(v.get("n\u00e9")).hasToString("4");
        assertThat(v.get("n")).isNull();
        assertThat(v.get("name")).hasToString("5");
        assertThat(v.get("nam")).isNull();
        assertThat(v.get("xyz")).hasToString("6");
        assertThat(v.get("xy")).isNull();
        assertThat(v.get("xa")).isNull();
        assertThat(JsonValue.parse("\"tools/call\"").isString("tools/call")).isTrue();
        assertThat(JsonValue.parse("\"tools/callx\"").isString("tools/call")).isFalse();
    }

    @Test
    void decodesEscapesIncludingSurrogatePairs() {
        JsonValue v = JsonValue.parse("\"\\ud834\\udd1e \\t\\/\"");
        assertThat(v.asString()).isEqualTo("𝄞 \t/");
    }

    @Test
    void equalValuesHaveEqualHashes() {
        JsonValue a = JsonValue.parse("[\"id-1\"]").elements().get(0);
        JsonValue b = JsonValue.string("id-1");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void writerEscapesAndSplicesRawValues() {
        JsonValue raw = JsonValue.parse("{\"n\":1.10}");
        byte[] out = new JsonWriter().beginObject()
                .member("s", "quote\" nl\n ctl\u0001 é")
                .member("raw", raw)
                .name("arr").beginArray().value(1).value(true).nullValue().endArray()
                .endObject().toByteArray();
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("{\"s\":\"quote\\\" nl\\n ctl\\u0001 é\",\"raw\":{\"n\":1.10},\"arr\":[1,true,null]}");
        assertThat(JsonScanner.parse(out).get("s").asString()).isEqualTo("quote\" nl\n ctl\u0001 é");
    }

    @Test
    void objectEditReplacesInPlaceAndCopiesTheRest() {
        JsonValue params = JsonValue.parse("{\"name\":\"gh__create\",\"arguments\":{\"x\":1.10,\"y\":1e400,\"z\":[]},\"extra\":{\"k\":true}}");
        JsonValue edited = JsonObjectEdit.of(params).set("name", "create").remove("extra").set("added", JsonValue.number(7)).apply();
        assertThat(edited.toString()).isEqualTo("{\"name\":\"create\",\"arguments\":{\"x\":1.10,\"y\":1e400,\"z\":[]},\"added\":7}");
    }

    @Test
    void objectEditCanSetAnExplicitNull() {
        JsonValue edited = JsonObjectEdit.of(JsonValue.parse("{\"a\":1}")).set("a", JsonValue.NULL).apply();
        assertThat(edited.toString()).isEqualTo("{\"a\":null}");
    }

    @Test
    void aMemberCanBeEditedInTheSameCopyAsItsObject() {
        JsonRpcRequest request = (JsonRpcRequest) JsonRpc.parseMessage(bytes(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"gh__create\",\"arguments\":{\"x\":1.10}}}"));
        JsonRpcRequest forwarded = request.withParams(JsonObjectEdit.of(request.params()).set("name", "create"));

        assertThat(forwarded.json().toString()).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"create\",\"arguments\":{\"x\":1.10}}}");
        assertThat(forwarded.params().toString()).isEqualTo("{\"name\":\"create\",\"arguments\":{\"x\":1.10}}");
        assertThat(forwarded.id()).isEqualTo(JsonValue.number(7));
        assertThat(forwarded.method()).isEqualTo("tools/call");
        // an edit of an absent member starts from nothing and is added last
        assertThat(JsonObjectEdit.of(JsonValue.parse("{\"a\":1}")).set("b", JsonObjectEdit.of(null).set("c", JsonValue.parse("true"))).apply().toString())
                .isEqualTo("{\"a\":1,\"b\":{\"c\":true}}");
    }

    @Test
    void anEditOfAMemberStartsFromItOnlyIfItIsAnObject() {
        JsonValue params = JsonValue.parse("{\"_meta\":{\"a\":1},\"s\":\"x\"}");
        assertThat(JsonObjectEdit.ofMember(params, "_meta").set("b", "2").apply().toString()).isEqualTo("{\"a\":1,\"b\":\"2\"}");
        assertThat(JsonObjectEdit.ofMember(params, "s").set("b", "2").apply().toString()).isEqualTo("{\"b\":\"2\"}");
        assertThat(JsonObjectEdit.ofMember(params, "absent").set("b", "2").apply().toString()).isEqualTo("{\"b\":\"2\"}");
        assertThat(JsonObjectEdit.ofMember(null, "_meta").set("b", "2").apply().toString()).isEqualTo("{\"b\":\"2\"}");
    }

    @Test
    void anEditedObjectAndItsEditedMembersKnowTheirMembers() {
        JsonValue original = JsonValue.parse("{ \"id\" : 1, \"x\":[1, {\"y\":2}], \"params\": {\"name\":\"a\", \"gone\":null, \"_meta\":{\"p\":\"t\"}}}");
        JsonValue edited = JsonObjectEdit.of(original)
                .set("id", JsonValue.string("q\"1"))
                .set("params", JsonObjectEdit.of(original.get("params")).set("name", "b").remove("gone")
                        .set("_meta", JsonObjectEdit.of(original.get("params").get("_meta")).set("progressToken", JsonValue.number(5)))
                        .set("added", JsonValue.parse("{\"k\":[1, 2]}")))
                .set("new", JsonObjectEdit.of(null).set("e", JsonValue.EMPTY_OBJECT))
                .apply();
        JsonValue parsed = JsonValue.parse(edited.toString());

        assertThat(edited.toString()).isEqualTo("{\"id\":\"q\\\"1\",\"x\":[1, {\"y\":2}],"
                + "\"params\":{\"name\":\"b\",\"_meta\":{\"p\":\"t\",\"progressToken\":5},\"added\":{\"k\":[1, 2]}},\"new\":{\"e\":{}}}");
        assertThat(edited.memberCount()).isEqualTo(parsed.memberCount()).isEqualTo(4);
        for (String name : new String[] {"id", "x", "params", "new"}) {
            assertThat(edited.get(name)).as(name).isEqualTo(parsed.get(name));
        }
        JsonValue params = edited.get("params");
        assertThat(params.memberCount()).isEqualTo(3);
        for (String name : new String[] {"name", "_meta", "added"}) {
            assertThat(params.get(name)).as(name).isEqualTo(parsed.get("params").get(name));
        }
        assertThat(params.get("_meta").get("progressToken")).isEqualTo(JsonValue.number(5));
        assertThat(edited.get("new").get("e")).isEqualTo(JsonValue.EMPTY_OBJECT);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
