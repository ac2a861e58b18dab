package dev.videogen.jobs.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.videogen.engine.validation.FieldProblem;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a JSON request body strictly: within the size limit, sent as JSON, valid UTF-8, one JSON value with no
 * duplicate keys, no non-numeric numbers and bounded nesting. Anything else is refused with the answer to send.
 */
public final class RequestBodyReader {

    /** Largest body accepted (the contract's 413 limit). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int MAX_JSON_DEPTH = 64;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_JSON_DEPTH).maxStringLength(MAX_BODY_BYTES).maxNumberLength(100).build());
    }

    /** A body read: its JSON, or the answer that refuses it. */
    public record Reading(JsonNode json, ApiResponse refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    private RequestBodyReader() {
    }

    /** Reads the request's body as one JSON value, or says why it cannot. */
    public static Reading read(ApiRequest request) {
        if (request.body().length > MAX_BODY_BYTES) {
            return refused(ErrorResponses.error(413, "PAYLOAD_TOO_LARGE", "the body is larger than 1 MiB", "body"));
        }
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return refused(ErrorResponses.error(415, "UNSUPPORTED_MEDIA_TYPE", "send the request as application/json",
                    "Content-Type"));
        }
        Optional<FieldProblem> encoding = invalidUtf8(request.body());
        if (encoding.isPresent()) {
            return refused(ErrorResponses.invalid(List.of(encoding.get())));
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            return refused(ErrorResponses.invalid(List.of(
                    new FieldProblem("body", "is not valid JSON: " + jsonProblem(e)))));
        } catch (java.io.IOException e) {
            return refused(ErrorResponses.invalid(List.of(new FieldProblem("body", "could not be read"))));
        }
        if (body == null || body.isMissingNode()) {
            return refused(ErrorResponses.invalid(List.of(new FieldProblem("body", "is empty: send a JSON object"))));
        }
        return new Reading(body, null);
    }

    private static Reading refused(ApiResponse answer) {
        return new Reading(null, answer);
    }

    /**
     * Fields whose text, or whose keys, hold U+0000: PostgreSQL stores it in neither text nor jsonb, so such a request
     * would fail at the insert. Reported like any other invalid field (at most a few).
     */
    public static List<FieldProblem> nulCharacters(JsonNode json) {
        return nulCharacters(json, "", new ArrayList<>());
    }

    private static List<FieldProblem> nulCharacters(JsonNode node, String path, List<FieldProblem> found) {
        String here = path.isEmpty() ? "body" : path;
        if (found.size() >= 10) {
            return found;
        }
        if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
            found.add(new FieldProblem(here, "must not contain the NUL character (\\u0000)"));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().indexOf('\0') >= 0) {
                    found.add(new FieldProblem(here, "has a key containing the NUL character (\\u0000)"));
                } else {
                    nulCharacters(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
                            found);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nulCharacters(node.get(i), path + "[" + i + "]", found);
            }
        }
        return found;
    }

    /** Header values go to text and jsonb columns, which cannot hold U+0000. */
    public static String withoutNul(String value) {
        return value == null ? null : value.replace("\0", "");
    }

    /** The body's SHA-256 in hex: what an idempotent repeat must match. */
    public static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Jackson's UTF-8 reader decodes some invalid sequences instead of refusing them (overlong forms such as C0 AF for
     * '/', encoded surrogates, code points above U+10FFFF), so bodies are checked with a strict decoder first.
     */
    private static Optional<FieldProblem> invalidUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        // UTF-8 never decodes to more chars than it has bytes: a small body is decoded in one pass into its own size
        CharBuffer out = CharBuffer.allocate(Math.max(1, Math.min(body.length, 8192)));
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return Optional.of(new FieldProblem("body", "is not valid UTF-8 (at byte " + in.position() + ")"));
            }
            if (result.isUnderflow()) {
                return Optional.empty();
            }
            out.clear();
        }
    }

    private static String jsonProblem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "malformed";
        }
        message = message.replaceAll("[\\p{Cntrl}]", " ");
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}
