package cn.unioncard.sim.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The part every ECR device's control API shares (docs/simulator.md): JSON in and out under a prefix, errors as
 * {@code {"error", "message"}}, and the line faults of {@link LineFaults}.
 */
abstract class JsonControl implements HttpHandler {
  private static final int MAX_BODY = 64 * 1024;

  final ObjectMapper json;
  private final String prefix;

  JsonControl(ObjectMapper json, String prefix) {
    this.json = json;
    this.prefix = prefix;
  }

  /** The answer to {@code method} on {@code path} (below the prefix, "" for the prefix itself). */
  abstract Object route(String method, String path, HttpExchange x) throws IOException;

  @Override
  public void handle(HttpExchange x) throws IOException {
    int status = 200;
    Object answer;
    try {
      answer = route(x.getRequestMethod(), x.getRequestURI().getPath().substring(prefix.length()), x);
    } catch (Refused e) {
      status = e.status;
      answer = error(e.code, e.getMessage());
    } catch (IllegalArgumentException e) {
      status = 400;
      answer = error("malformed", e.getMessage());
    }
    byte[] body = json.writeValueAsBytes(answer);
    x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  /** The most bytes of noise and NAKs one fault request may ask for. */
  static final int LINE_NOISE_MAX = 4096;
  static final int NAK_STORM_MAX = 100;

  /** The fields {@link #lineFaults} reads. */
  static final java.util.Set<String> LINE_FAULTS =
      java.util.Set.of("line_noise", "drop_next_ack", "cut_next_frame", "nak_storm");

  /**
   * Sets the faults of {@code body} every link has ({@code line_noise}, {@code drop_next_ack}, {@code cut_next_frame},
   * {@code nak_storm}); a field of the wrong type is refused before any fault is set. The caller refuses fields
   * of other names ({@link #onlyFields}).
   */
  static void lineFaults(LineFaults line, JsonNode body) {
    int noise = count(body, "line_noise", LINE_NOISE_MAX);
    boolean dropAck = flag(body, "drop_next_ack");
    boolean cut = flag(body, "cut_next_frame");
    int naks = count(body, "nak_storm", NAK_STORM_MAX);
    if (noise > 0) {
      line.lineNoise(noise);
    }
    if (dropAck) {
      line.dropNextAck();
    }
    if (cut) {
      line.cutNextFrame();
    }
    if (naks > 0) {
      line.nakStorm(naks);
    }
  }

  /** Refuses a field not in {@code known}: a fault with a typo in its name must not pass as set. */
  static void onlyFields(JsonNode body, java.util.Set<String> known) {
    for (java.util.Iterator<String> i = body.fieldNames(); i.hasNext(); ) {
      String f = i.next();
      if (!known.contains(f)) {
        throw new IllegalArgumentException("unknown field '" + f + "'; known: " + new java.util.TreeSet<>(known));
      }
    }
  }

  /** An optional whole number 0 to {@code max}; 0 when absent. */
  static int count(JsonNode n, String field, int max) {
    JsonNode v = n.get(field);
    if (v == null) {
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() > max) {
      throw new IllegalArgumentException("'" + field + "' must be a whole number 0 to " + max);
    }
    return v.intValue();
  }

  /** An optional true or false; false when absent. */
  static boolean flag(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException("'" + field + "' must be true or false");
    }
    return v.booleanValue();
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' (a string) is needed");
    }
    return v.asText();
  }

  static long fen(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new IllegalArgumentException("'" + field + "' (a whole number of fen) is needed");
    }
    return v.asLong();
  }

  JsonNode body(HttpExchange x) throws IOException {
    byte[] bytes;
    try (InputStream in = x.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      throw new Refused(413, "too_large", "the body is over " + MAX_BODY + " bytes");
    }
    if (bytes.length == 0) {
      return json.createObjectNode();
    }
    try {
      JsonNode n = json.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("a JSON object is needed");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
  }

  static void need(String method, String expected) {
    if (!method.equals(expected)) {
      throw new Refused(405, "method_not_allowed", "use " + expected);
    }
  }

  private ObjectNode error(String code, String message) {
    ObjectNode n = json.createObjectNode();
    n.put("error", code);
    n.put("message", message);
    return n;
  }

  /** An answer other than 200. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    Refused(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }
}
