package dev.mcpgateway.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.ObjectReadContext;

/** Our scanner must accept exactly what a strict JSON parser (Jackson) accepts. */
class JsonScannerPropertiesTest {

    private static final JsonFactory JACKSON = JsonFactory.builder().build();

    @Property(tries = 3000)
    void agreesWithJacksonOnValidity(@ForAll("jsonish") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean jacksonOk = jacksonAccepts(bytes);
        boolean oursOk;
        try {
            JsonScanner.parse(bytes);
            oursOk = true;
        } catch (JsonSyntaxException e) {
            oursOk = false;
        }
        assertThat(oursOk).as("validity of %s", text).isEqualTo(jacksonOk);
    }

    @Property(tries = 1000)
    void rewritingAnObjectKeepsEveryUntouchedMemberByteForByte(@ForAll("numbers") String number) {
        String json = "{\"id\":1,\"params\":{\"arguments\":{\"n\":" + number + ",\"u\":{\"k\":[" + number + "]}}}}";
        JsonValue v = JsonValue.parse(json);
        JsonValue rewritten = JsonObjectEdit.of(v).set("id", JsonValue.string("x")).apply();
        assertThat(rewritten.get("params").toString()).isEqualTo(v.get("params").toString());
    }

    /** The member spans the scanner records while validating (two levels) equal those found on demand. */
    @Property(tries = 1000)
    void membersRecordedWhileValidatingAreThoseFoundOnDemand(@ForAll("objects") String json) {
        JsonValue indexed = JsonValue.parse(json);
        JsonValue onDemand = JsonValue.parse("[" + json + "]").elements().get(0); // array elements are not indexed
        assertThat(describe(indexed, 4)).as(json).isEqualTo(describe(onDemand, 4));
    }

    /** The member spans the writer records while copying an edited object equal those found on demand. */
    @Property(tries = 1000)
    void membersRecordedWhileWritingAreThoseFoundOnDemand(@ForAll("objects") String json, @ForAll("objects") String inner) {
        JsonValue original = JsonValue.parse(json);
        JsonValue edited = JsonObjectEdit.of(original)
                .set("b", JsonValue.parse(inner))
                .set("a", JsonObjectEdit.of(original.get("a") != null && original.get("a").isObject() ? original.get("a") : null).set("id", "x"))
                .remove("x y")
                .apply();
        JsonValue onDemand = JsonValue.parse("[" + edited + "]").elements().get(0);
        assertThat(describe(edited, 4)).as(json).isEqualTo(describe(onDemand, 4));
    }

    /** Flatness known from validation (no CR/LF in the whitespace) is what a scan of each value's bytes says. */
    @Property(tries = 1000)
    void flatnessFromValidationIsWhatTheBytesSay(@ForAll("objects") String json) {
        JsonValue parsed = JsonValue.parse(json);
        assertThat(parsed.isFlat()).as(json).isEqualTo(!json.contains("\n"));
        parsed.forEachMember((name, value) -> assertThat(value.isFlat()).as("%s in %s", name, json)
                .isEqualTo(!value.toString().contains("\n")));
        String inArray = "[\n" + json + "]";
        assertThat(JsonValue.parse(inArray).isFlat()).isFalse();
        assertThat(JsonValue.parse(inArray).elements().get(0).isFlat()).as(json).isEqualTo(!json.contains("\n"));
    }

    /** Every member by position and by name, recursively: what routing can read of an object. */
    private static String describe(JsonValue v, int depth) {
        if (!v.isObject() || depth == 0) {
            return v.toString();
        }
        List<String> members = new ArrayList<>();
        v.forEachMember((name, value) -> members.add(name + "=" + describe(value, depth - 1) + "|" + describe(v.get(name), depth - 1)));
        return v.memberCount() + "{" + String.join(",", members) + "}";
    }

    @Provide
    Arbitrary<String> objects() {
        return object(3);
    }

    private Arbitrary<String> object(int depth) {
        Arbitrary<String> names = Arbitraries.of("a", "b", "id", "x y", "\\u0061", "é");
        Arbitrary<String> space = Arbitraries.of("", " ", "\n ");
        Arbitrary<String> member = Combinators.combine(names, space, Arbitraries.lazy(() -> value(depth)))
                .as((name, ws, value) -> "\"" + name + "\"" + ws + ":" + ws + value);
        return member.list().ofMaxSize(5).map(list -> "{" + String.join(",", list) + "}");
    }

    private Arbitrary<String> value(int depth) {
        Arbitrary<String> scalars = Arbitraries.of("1", "-0.5e3", "1.10", "true", "null", "\"s\"", "\"q\\\"}\"", "[]", "{}", "[1,{\"a\":2}]");
        return depth == 0 ? scalars : Arbitraries.oneOf(scalars, object(depth - 1));
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.of(
                "{", "}", "[", "]", ",", ":", " ", "\"a\"", "\"\\n\"", "\"\\u00zz\"", "1", "-0", "01", "1.5", "1e5", "1.",
                "true", "false", "null", "nul", "\"", "\\", "-", "e", "0.0e-0", "\"é\"", "\t");
        return tokens.list().ofMinSize(1).ofMaxSize(12).map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<String> numbers() {
        return Arbitraries.of("0", "-0", "1.10", "1e400", "-1.5E-7", "123456789012345678901234567890", "0.000", "2E+2");
    }

    private static boolean jacksonAccepts(byte[] bytes) {
        try (JsonParser p = JACKSON.createParser(ObjectReadContext.empty(), bytes)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }
}
