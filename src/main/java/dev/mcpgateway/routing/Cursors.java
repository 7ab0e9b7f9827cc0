package dev.mcpgateway.routing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateway's own pagination cursors for aggregated lists. A cursor names the list it belongs
 * to and an offset, and is authenticated with a per-process key, so a client cannot forge one, use
 * a tools cursor for prompts, or replay a cursor from before a restart (all answered with
 * -32602, as the spec asks for invalid cursors). Backend cursors never reach clients.
 */
public final class Cursors {

    private static final int TAG_LENGTH = 12;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public Cursors() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A cursor for the page of list {@code kind} that starts at {@code offset}. */
    public String encode(String kind, int offset) {
        ByteBuffer body = ByteBuffer.allocate(4 + TAG_LENGTH);
        body.putInt(offset);
        body.put(tag(kind, offset));
        return ENCODER.encodeToString(body.array());
    }

    /** The offset a cursor points at; throws {@link InvalidCursorException} if it is not one of ours for {@code kind}. */
    public int decode(String kind, String cursor) {
        byte[] raw;
        try {
            raw = DECODER.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
        if (raw.length != 4 + TAG_LENGTH) {
            throw new InvalidCursorException();
        }
        ByteBuffer body = ByteBuffer.wrap(raw);
        int offset = body.getInt();
        byte[] tag = new byte[TAG_LENGTH];
        body.get(tag);
        if (offset < 0 || !MessageDigest.isEqual(tag, tag(kind, offset))) {
            throw new InvalidCursorException();
        }
        return offset;
    }

    private byte[] tag(String kind, int offset) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(kind.getBytes(StandardCharsets.UTF_8));
            mac.update(ByteBuffer.allocate(4).putInt(offset).array());
            byte[] full = mac.doFinal();
            byte[] truncated = new byte[TAG_LENGTH];
            System.arraycopy(full, 0, truncated, 0, TAG_LENGTH);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    /** A cursor the gateway did not issue for this list. */
    public static final class InvalidCursorException extends RuntimeException {
        InvalidCursorException() {
            super("invalid or expired cursor", null, false, false);
        }
    }
}
