package io.switchboard.loadtest.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One event frame as a socket read it. Its type and id are read at once; a field of its data only
 * when a scenario asks, by scanning the UTF-8 bytes for that one path. At 10,000 sockets the
 * generator reads 10,000 frames of about 1 KB per webhook on the service's own cores. Decoding each
 * into a String, copying that into the parser's chars and building a {@link JsonObject} tree cost a
 * fifth of its CPU: only the few strings a scenario matches on are worth decoding.
 */
public final class Frame {

    private static final JsonFactory JSON = new JsonFactory();

    /** The message's UTF-8 bytes: array[offset, offset + length), read in place. */
    private final byte[] array;
    private final int offset;
    private final int length;
    private final String type;
    private final String id;
    private JsonObject data;

    private Frame(byte[] array, int offset, int length, String type, String id) {
        this.array = array;
        this.offset = offset;
        this.length = length;
        this.type = type;
        this.id = id;
    }

    /**
     * Reads the top-level {@code type} and {@code id} of a whole text message, skipping {@code data}
     * without decoding it.
     */
    static Frame of(Buffer message) {
        ByteBuf bytes = message.getByteBuf();
        if (bytes.hasArray()) {
            return of(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
        }
        byte[] copy = message.getBytes();
        return of(copy, 0, copy.length);
    }

    private static Frame of(byte[] array, int offset, int length) {
        String type = null;
        String id = null;
        try (JsonParser parser = JSON.createParser(array, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object: " + text(array, offset, length));
            }
            while ((type == null || id == null) && parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(name) && value == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                } else if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
                    id = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable frame: " + text(array, offset, length), e);
        }
        return new Frame(array, offset, length, type == null ? "" : type, id);
    }

    /** The event type, "" when the frame has none. */
    public String type() {
        return type;
    }

    /** The event id (what a resume passes as lastEventId), or null. */
    public String id() {
        return id;
    }

    /** Bytes of the whole message. */
    public int length() {
        return length;
    }

    /**
     * The scalar at {@code data.<path>} as text, e.g. {@code dataString("contact", "number")}; null
     * when it is absent, null, or an object or array.
     */
    public String dataString(String... path) {
        try (JsonParser parser = JSON.createParser(array, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int level = -1; // -1: looking for "data" at the top; then the index into path
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String wanted = level < 0 ? "data" : path[level];
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!wanted.equals(name)) {
                    parser.skipChildren();
                } else if (level == path.length - 1) {
                    return value.isScalarValue() && value != JsonToken.VALUE_NULL ? parser.getText() : null;
                } else if (value == JsonToken.START_OBJECT) {
                    level++;
                } else {
                    return null;
                }
            }
            return null; // the object that should hold the next name ended without it
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable frame: " + text(array, offset, length), e);
        }
    }

    /** The whole {@code data} object as a tree (built on first use), for what the scans do not cover; null when absent. */
    public JsonObject data() {
        if (data == null) {
            data = new JsonObject(text(array, offset, length)).getJsonObject("data");
        }
        return data;
    }

    private static String text(byte[] array, int offset, int length) {
        return new String(array, offset, length, StandardCharsets.UTF_8);
    }
}
