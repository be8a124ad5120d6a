package cn.unioncard.sim.ecr;

import cn.unioncard.agent.ecr.EcrConfig;
import cn.unioncard.agent.ecr.TcpEcrPort;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cash register of the simulator process, driven from its control API under {@value #PREFIX}: connect to the
 * terminal's register port (TCP), send SALE, STATUS, CANCEL, BALANCE and SETTLE and get the terminal's RESULT as
 * JSON, and set the line's faults. Documented in {@code docs/simulator.md}.
 */
public final class RegisterControl implements HttpHandler, AutoCloseable {
  /** Where the simulator's control server mounts it. */
  public static final String PREFIX = "/v1/register";

  private static final int MAX_BODY = 64 * 1024;
  private static final long ANSWER_WAIT_SECONDS = 120;

  private final ObjectMapper json;
  private final EcrConfig config;
  private RegisterSimulator register;
  private String target;

  /** @param json the control API's JSON mapping (snake_case) */
  public RegisterControl(ObjectMapper json, EcrConfig config) {
    this.json = json;
    this.config = config;
  }

  /** Connects (or reconnects) the register to the terminal listening on {@code host:port}. */
  public synchronized void connect(String host, int port) {
    if (register != null) {
      register.close();
    }
    register = new RegisterSimulator(TcpEcrPort.connect(host, port), config).start();
    target = host + ":" + port;
  }

  @Override
  public synchronized void close() {
    if (register != null) {
      register.close();
      register = null;
    }
  }

  @Override
  public void handle(HttpExchange x) throws IOException {
    int status = 200;
    Object answer;
    try {
      answer = route(x.getRequestMethod(), x.getRequestURI().getPath().substring(PREFIX.length()), x);
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

  private Object route(String method, String path, HttpExchange x) throws IOException {
    if (path.isEmpty() || path.equals("/")) {
      need(method, "GET");
      ObjectNode n = json.createObjectNode();
      synchronized (this) {
        n.put("connected", register != null);
        n.put("terminal", target);
      }
      return n;
    }
    need(method, "POST");
    JsonNode b = body(x);
    switch (path) {
      case "/connect":
        int port = b.path("port").asInt(-1);
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("'port' (1 to 65535) is needed");
        }
        connect(b.path("host").asText("127.0.0.1"), port);
        return route("GET", "", x);
      case "/sale":
        return await(register().sale(text(b, "reference"), fen(b, "amount_fen"), items(b)));
      case "/status":
        return await(register().status(b.hasNonNull("reference") ? text(b, "reference") : null));
      case "/cancel":
        return await(register().cancel());
      case "/balance":
        return await(register().balance(text(b, "reference")));
      case "/settle":
        return await(register().settle(text(b, "reference")));
      case "/faults":
        return faults(b);
      default:
        throw new Refused(404, "not_found", "no such register call: " + path);
    }
  }

  private Object faults(JsonNode b) {
    RegisterSimulator r = register();
    if (b.has("line_noise")) {
      r.lineNoise(b.get("line_noise").asInt());
    }
    if (b.path("drop_next_ack").asBoolean(false)) {
      r.dropNextAck();
    }
    if (b.path("cut_next_frame").asBoolean(false)) {
      r.cutNextFrame();
    }
    if (b.has("nak_storm")) {
      r.nakStorm(b.get("nak_storm").asInt());
    }
    if (b.has("never_ack")) {
      r.neverAck(b.get("never_ack").asBoolean());
    }
    if (b.path("disconnect").asBoolean(false)) {
      r.disconnect();
    }
    ObjectNode n = json.createObjectNode();
    n.put("faults", "set");
    return n;
  }

  private synchronized RegisterSimulator register() {
    if (register == null) {
      throw new Refused(409, "not_connected", "the register is not connected: POST " + PREFIX + "/connect first");
    }
    return register;
  }

  private Object await(CompletableFuture<Result> f) {
    try {
      return f.get(ANSWER_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new Refused(504, "no_answer", "the terminal gave no result within " + ANSWER_WAIT_SECONDS + " s");
    } catch (ExecutionException e) {
      throw new Refused(502, "link_failed", String.valueOf(e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused(503, "interrupted", "interrupted");
    }
  }

  private List<Item> items(JsonNode b) {
    List<Item> out = new ArrayList<>();
    JsonNode list = b.path("items");
    if (!list.isArray()) {
      return out;
    }
    for (JsonNode i : list) {
      long quantity = i.path("quantity").asLong(1);
      long unit = fen(i, "unit_price_fen");
      out.add(new Item(text(i, "code"), i.path("name").asText(text(i, "code")), text(i, "category"),
          quantity * 1000, unit, quantity * unit));
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' (a string) is needed");
    }
    return v.asText();
  }

  private static long fen(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new IllegalArgumentException("'" + field + "' (a whole number of fen) is needed");
    }
    return v.asLong();
  }

  private JsonNode body(HttpExchange x) throws IOException {
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

  private static void need(String method, String expected) {
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
  private static final class Refused extends RuntimeException {
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
