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
 *
 * <p>A member can itself be edited ({@link #set(String, JsonObjectEdit)}), so a change deep in a
 * message is one copy of the message rather than one per level.
 */
public final class JsonObjectEdit {

    /** Marks a removed member; compared by identity, so a real {@code null} can still be set. */
    private static final JsonValue REMOVED = JsonValue.parse("null");

    private final JsonValue original;
    /** The changes in the order they were first made (an edit touches a handful of members). */
    private String[] names = new String[4];
    /** Per change, the new value: a {@link JsonValue}, or a {@link JsonObjectEdit} of the member. */
    private Object[] values = new Object[4];
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
        return change(name, value);
    }

    /**
     * Sets member {@code name} to the result of {@code edit}, written straight into this edit's
     * copy; {@code edit} should edit this object's member {@code name} (or start from nothing).
     */
    public JsonObjectEdit set(String name, JsonObjectEdit edit) {
        return change(name, edit);
    }

    private JsonObjectEdit change(String name, Object value) {
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
        out.indexRootMembers(resultMemberCount());
        writeTo(out);
        return out.toJsonValue();
    }

    /** How many members the edited object has, so its member spans are allocated once at the right size. */
    private int resultMemberCount() {
        int members = original == null ? 0 : original.memberCount();
        int count = members;
        for (int c = 0; c < changeCount; c++) {
            boolean present = false;
            for (int i = 0; i < members && !present; i++) {
                present = original.memberNameIs(i, names[c]);
            }
            if (values[c] == REMOVED) {
                count -= present ? 1 : 0;
            } else {
                count += present ? 0 : 1;
            }
        }
        return count;
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
                        writeValue(values[change], out);
                    }
                }
            }
        }
        for (int c = 0; c < changeCount; c++) {
            if (!used[c] && values[c] != REMOVED) {
                out.name(names[c]);
                writeValue(values[c], out);
            }
        }
        out.endObject();
    }

    private static void writeValue(Object value, JsonWriter out) {
        if (value instanceof JsonObjectEdit edit) {
            edit.writeTo(out);
        } else {
            out.value((JsonValue) value);
        }
    }
}
