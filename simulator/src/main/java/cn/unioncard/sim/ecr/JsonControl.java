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

  /** Sets the faults of {@code body} every link has ({@code line_noise}, {@code drop_next_ack}, {@code cut_next_frame}, {@code nak_storm}). */
  static void lineFaults(LineFaults line, JsonNode body) {
    if (body.has("line_noise")) {
      line.lineNoise(body.get("line_noise").asInt());
    }
    if (body.path("drop_next_ack").asBoolean(false)) {
      line.dropNextAck();
    }
    if (body.path("cut_next_frame").asBoolean(false)) {
      line.cutNextFrame();
    }
    if (body.has("nak_storm")) {
      line.nakStorm(body.get("nak_storm").asInt());
    }
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
    if (v == null || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new IllegalArgumentException("'" + field + "' (a whole number of fen) is needed");
    }
    return v.asLong();
  }

  JsonNode body(HttpExchange x) throws IOException {
    byte[] bytes;
    try (InputStream in = x.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY);
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
