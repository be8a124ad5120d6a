package cn.unioncard.sim.control;

import cn.unioncard.sim.Simulator;
import cn.unioncard.sim.http.BoundedHttpServer;
import cn.unioncard.sim.http.HttpLimits;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's control API: plain HTTP with JSON on loopback, to insert, tap and remove cards, read a card's
 * state and list what happened. Other parts of the simulator (the bank, the register) mount their own handlers
 * under their own prefix ({@link #mount}). Documented in {@code docs/simulator.md}. Its bounds (bodies, the time
 * to send a request, requests at once) are {@link HttpLimits#CONTROL}; its own calls take bodies of at most 64 KiB.
 */
public final class ControlServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

  /** The JSON mapping of the control API: snake_case, ISO dates. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final int MAX_BODY = 64 * 1024;
  private static final long DEFAULT_HOLD_MS = 800;

  private final Simulator simulator;
  private final BoundedHttpServer server;

  private ControlServer(Simulator simulator, BoundedHttpServer server) {
    this.simulator = simulator;
    this.server = server;
  }

  /** Starts the API on 127.0.0.1 at {@code port} (0: any free port). */
  public static ControlServer start(Simulator simulator, int port) throws IOException {
    return start(simulator, port, HttpLimits.CONTROL);
  }

  /** Starts the API with other bounds (tests). */
  public static ControlServer start(Simulator simulator, int port, HttpLimits limits) throws IOException {
    BoundedHttpServer server = BoundedHttpServer.create(port, limits, "sim-control");
    ControlServer c = new ControlServer(simulator, server);
    server.mount("/v1/", c::handle, Math.min(MAX_BODY, limits.maxBody()));
    server.start();
    return c;
  }

  /** The base address, e.g. {@code http://127.0.0.1:8765}. */
  public URI address() {
    return server.address();
  }

  /** Hands every request under {@code prefix} (e.g. {@code /v1/bank/}) to {@code handler}, its body bounded. */
  public void mount(String prefix, HttpHandler handler) {
    server.mount(prefix, handler);
  }

  @Override
  public void close() {
    server.close();
  }

  private void handle(HttpExchange x) throws IOException {
    try {
      Object answer = route(x.getRequestMethod(), x.getRequestURI(), x);
      send(x, 200, answer);
    } catch (ApiError e) {
      send(x, e.status, error(e.code, e.getMessage()));
    } catch (IllegalArgumentException e) {
      send(x, 404, error("not_found", e.getMessage()));
    } catch (IllegalStateException e) {
      send(x, 409, error("conflict", e.getMessage()));
    } catch (IOException e) {
      send(x, 502, error("reader_unreachable", e.getMessage()));
    } catch (RuntimeException e) {
      LOG.warn("control API: {} {} failed", x.getRequestMethod(), x.getRequestURI(), e);
      send(x, 500, error("internal", e.toString()));
    } finally {
      x.close();
    }
  }

  private Object route(String method, URI uri, HttpExchange x) throws IOException {
    String[] p = uri.getPath().replaceAll("/+$", "").split("/");
    // p[0] = "", p[1] = "v1"
    if (p.length == 3 && p[2].equals("health")) {
      requireMethod(method, "GET");
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", "ok");
      m.put("backend", simulator.backend());
      return m;
    }
    if (p.length == 3 && p[2].equals("readers")) {
      requireMethod(method, "GET");
      return simulator.readers();
    }
    if (p.length == 3 && p[2].equals("cards")) {
      requireMethod(method, "GET");
      return java.util.Collections.singletonMap("kinds", simulator.cards().kinds());
    }
    if (p.length == 3 && p[2].equals("events")) {
      requireMethod(method, "GET");
      return simulator.events(queryLong(uri, "since", 0));
    }
    if (p.length >= 4 && p[2].equals("readers")) {
      String id = p[3];
      if (p.length == 4) {
        requireMethod(method, "GET");
        return simulator.reader(id);
      }
      if (p.length == 5 && !"GET".equals(method)) {
        simulator.reader(id); // 404 for an unknown reader before the body is looked at
      }
      if (p.length == 5) {
        switch (p[4]) {
          case "insert": {
            requireMethod(method, "POST");
            simulator.reader(id);
            String card = requiredText(body(x), "card");
            try {
              return simulator.insert(id, card);
            } catch (IllegalArgumentException e) {
              throw new ApiError(400, "bad_card", e.getMessage());
            }
          }
          case "tap": {
            requireMethod(method, "POST");
            JsonNode b = body(x);
            long hold = holdMs(b);
            simulator.reader(id);
            try {
              return simulator.tap(id, requiredText(b, "card"), hold);
            } catch (IllegalArgumentException e) {
              throw new ApiError(400, "bad_card", e.getMessage());
            }
          }
          case "remove":
            requireMethod(method, "POST");
            return simulator.remove(id);
          case "card": {
            requireMethod(method, "GET");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reader", simulator.reader(id));
            m.put("state", simulator.cardState(id));
            return m;
          }
          default:
            break;
        }
      }
    }
    throw new ApiError(404, "not_found", "no such endpoint: " + method + " " + uri.getPath());
  }

  private static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw new ApiError(405, "method_not_allowed", "use " + expected);
    }
  }

  private static JsonNode body(HttpExchange x) throws IOException {
    byte[] bytes;
    try (InputStream in = x.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      throw new ApiError(413, "too_large", "the body is over " + MAX_BODY + " bytes");
    }
    if (bytes.length == 0) {
      throw new ApiError(400, "malformed", "a JSON object is needed");
    }
    try {
      JsonNode n = JSON.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new ApiError(400, "malformed", "a JSON object is needed");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new ApiError(400, "malformed", "not JSON: " + e.getOriginalMessage());
    }
  }

  /** {@code hold_ms}: a whole number 0 to 600000 (not a string, not a fraction), 800 when absent. */
  private static long holdMs(JsonNode body) {
    JsonNode n = body.get("hold_ms");
    if (n == null) {
      return DEFAULT_HOLD_MS;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0 || n.longValue() > 600_000) {
      throw new ApiError(400, "malformed", "hold_ms must be a whole number 0 to 600000, not " + n);
    }
    return n.longValue();
  }

  private static String requiredText(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw new ApiError(400, "malformed", "'" + field + "' (a string) is needed");
    }
    return n.asText();
  }

  private static long queryLong(URI uri, String name, long dflt) {
    String q = uri.getRawQuery();
    if (q == null) {
      return dflt;
    }
    for (String pair : q.split("&")) {
      if (pair.startsWith(name + "=")) {
        try {
          return Long.parseLong(pair.substring(name.length() + 1));
        } catch (NumberFormatException e) {
          throw new ApiError(400, "malformed", name + " must be a number");
        }
      }
    }
    return dflt;
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("error", code);
    n.put("message", message);
    return n;
  }

  private static void send(HttpExchange x, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** An answer other than 200, with its code for machines and message for people. */
  static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    ApiError(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
