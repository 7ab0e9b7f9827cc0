package dev.mcpgateway.jsonrpc;

import java.util.Arrays;

/**
 * Rewrites a few members of a JSON object and copies every other member's bytes unchanged.
 *
 * <p>Members keep their original order; a replaced member stays where it was, added members go
 * last, removed members disappear. This is how the gateway changes an id, a tool name or a
 * progress token without touching arguments, results or fields it does not know.
 *
 * <pre>{@code
 * JsonValue forwarded = JsonObjectEdit.of(params).set("name", JsonValue.string("echo")).apply();
 * }</pre>
 */
public final class JsonObjectEdit {

    /** Marks a removed member; compared by identity, so a real {@code null} can still be set. */
    private static final JsonValue REMOVED = JsonValue.parse("null");

    private final JsonValue original;
    /** The changes in the order they were first made (an edit touches a handful of members). */
    private String[] names = new String[4];
    private JsonValue[] values = new JsonValue[4];
    private int changeCount;

    private JsonObjectEdit(JsonValue original) {
        if (original != null && !original.isObject()) {
            throw new IllegalArgumentException("not a JSON object: " + original);
        }
        this.original = original;
    }

    /** Starts an edit of {@code object}; a null object edits an empty one. */
    public static JsonObjectEdit of(JsonValue object) {
        return new JsonObjectEdit(object);
    }

    /** Sets member {@code name} to {@code value} (replacing it in place, or adding it last). */
    public JsonObjectEdit set(String name, JsonValue value) {
        for (int c = 0; c < changeCount; c++) {
            if (names[c].equals(name)) {
                values[c] = value;
                return this;
            }
        }
        if (changeCount == names.length) {
            names = Arrays.copyOf(names, changeCount * 2);
            values = Arrays.copyOf(values, changeCount * 2);
        }
        names[changeCount] = name;
        values[changeCount++] = value;
        return this;
    }

    public JsonObjectEdit set(String name, String text) {
        return set(name, JsonValue.string(text));
    }

    /** Removes member {@code name} if present. */
    public JsonObjectEdit remove(String name) {
        return set(name, REMOVED);
    }

    public JsonValue apply() {
        int capacity = (original == null ? 2 : original.length()) + 64;
        JsonWriter out = new JsonWriter(capacity);
        writeTo(out);
        return out.toJsonValue();
    }

    /** Writes the edited object as the next value of {@code out}. */
    public void writeTo(JsonWriter out) {
        out.beginObject();
        boolean[] used = new boolean[changeCount];
        if (original != null) {
            int n = original.memberCount();
            for (int i = 0; i < n; i++) {
                int change = -1;
                for (int c = 0; c < changeCount; c++) {
                    if (!used[c] && original.memberNameIs(i, names[c])) {
                        change = c;
                        break;
                    }
                }
                if (change < 0) {
                    original.writeMemberName(i, out);
                    out.value(original.memberValue(i));
                } else {
                    used[change] = true;
                    if (values[change] != REMOVED) {
                        original.writeMemberName(i, out);
                        out.value(values[change]);
                    }
                }
            }
        }
        for (int c = 0; c < changeCount; c++) {
            if (!used[c] && values[c] != REMOVED) {
                out.member(names[c], values[c]);
            }
        }
        out.endObject();
    }
}
