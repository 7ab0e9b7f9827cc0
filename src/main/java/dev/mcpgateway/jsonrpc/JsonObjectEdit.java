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

    /**
     * Starts an edit of member {@code name} of {@code object}, for {@link #set(String, JsonObjectEdit)}:
     * of nothing if {@code object} is null or the member is absent or not an object (it is then replaced).
     */
    public static JsonObjectEdit ofMember(JsonValue object, String name) {
        JsonValue member = object == null ? null : object.get(name);
        return new JsonObjectEdit(member != null && member.isObject() ? member : null);
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
        MemberSpans written = write(out);
        return out.toJsonValue(written.spans, written.objectMembers);
    }

    /**
     * Writes the edited object and returns where its members went in the writer's buffer: an
     * edited message is read again at once (its id, its params, a progress token in
     * {@code params._meta}), and finding them would rescan it.
     */
    private MemberSpans write(JsonWriter out) {
        int members = original == null ? 0 : original.memberCount();
        // which change, if any, each original member gets: matched once, used for the size and the copy
        int[] changeOf = new int[members];
        boolean[] used = new boolean[changeCount];
        int count = members;
        for (int i = 0; i < members; i++) {
            changeOf[i] = -1;
            for (int c = 0; c < changeCount; c++) {
                if (!used[c] && original.memberNameIs(i, names[c])) {
                    changeOf[i] = c;
                    used[c] = true;
                    count -= values[c] == REMOVED ? 1 : 0;
                    break;
                }
            }
        }
        for (int c = 0; c < changeCount; c++) {
            count += used[c] || values[c] == REMOVED ? 0 : 1;
        }
        MemberSpans spans = new MemberSpans(out, count);
        out.beginObject();
        for (int i = 0; i < members; i++) {
            int change = changeOf[i];
            if (change < 0) {
                spans.beforeName();
                original.writeMemberName(i, out);
                spans.beforeValue();
                original.writeMemberValue(i, out);
                spans.afterValue(null);
            } else if (values[change] != REMOVED) {
                spans.beforeName();
                original.writeMemberName(i, out);
                writeValue(values[change], out, spans);
            }
        }
        for (int c = 0; c < changeCount; c++) {
            if (!used[c] && values[c] != REMOVED) {
                spans.beforeName();
                out.name(names[c]);
                writeValue(values[c], out, spans);
            }
        }
        out.endObject();
        return spans;
    }

    private static void writeValue(Object value, JsonWriter out, MemberSpans spans) {
        spans.beforeValue();
        if (value instanceof JsonObjectEdit edit) {
            spans.afterValue(edit.write(out).spans);
        } else {
            out.value((JsonValue) value);
            spans.afterValue(null);
        }
    }

    /**
     * Member spans {@code [nameStart, nameEnd, valueStart, valueEnd]*} taken from the writer's
     * position around each member (the writer is compact, so a member's name starts right after
     * the comma that separates it from the one before) and, per member written from a nested
     * edit, the spans of that member's object, else null.
     */
    private static final class MemberSpans {
        private final JsonWriter out;
        final int[] spans;
        int[][] objectMembers;
        private int member;
        private int nameStart;
        private int valueStart;

        MemberSpans(JsonWriter out, int count) {
            this.out = out;
            this.spans = new int[4 * count];
        }

        void beforeName() {
            nameStart = out.size() + (member > 0 ? 1 : 0);
        }

        void beforeValue() {
            valueStart = out.size();
        }

        void afterValue(int[] valueMembers) {
            int k = 4 * member;
            spans[k] = nameStart;
            spans[k + 1] = valueStart - 1; // before the ':'
            spans[k + 2] = valueStart;
            spans[k + 3] = out.size();
            if (valueMembers != null) {
                if (objectMembers == null) {
                    objectMembers = new int[spans.length / 4][];
                }
                objectMembers[member] = valueMembers;
            }
            member++;
        }
    }
}
