package cn.unioncard.sim.ecr;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.TcpEcrPort;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
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
public final class RegisterControl extends JsonControl implements AutoCloseable {
  /** Where the simulator's control server mounts it. */
  public static final String PREFIX = "/v1/register";

  private static final long ANSWER_WAIT_SECONDS = 120;

  private final EcrConfig config;
  private final PinEntry pinPad;
  private RegisterSimulator register;
  private String target;

  /** @param json the control API's JSON mapping (snake_case) */
  public RegisterControl(ObjectMapper json, EcrConfig config) {
    this(json, config, null);
  }

  /**
   * @param json the control API's JSON mapping (snake_case)
   * @param pinPad the PIN pad built into the register (docs/ecr-protocol.md §10.1), or null for a register without
   */
  public RegisterControl(ObjectMapper json, EcrConfig config, PinEntry pinPad) {
    super(json, PREFIX);
    this.config = config;
    this.pinPad = pinPad;
  }

  /** Connects (or reconnects) the register to the terminal listening on {@code host:port}. */
  public synchronized void connect(String host, int port) {
    if (register != null) {
      register.close();
    }
    register = new RegisterSimulator(TcpEcrPort.connect(host, port), config);
    if (pinPad != null) {
      register.withPinPad(pinPad);
    }
    register.start();
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
  Object route(String method, String path, HttpExchange x) throws IOException {
    if (path.isEmpty() || path.equals("/")) {
      need(method, "GET");
      ObjectNode n = json.createObjectNode();
      synchronized (this) {
        n.put("connected", register != null);
        n.put("terminal", target);
      }
      if (pinPad != null) {
        n.set("pin_pad", PinPadControl.state(json, pinPad));
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
      case "/pin":
        if (pinPad == null) {
          throw new Refused(409, "no_pin_pad", "this register has no PIN pad built in");
        }
        PinPadControl.member(pinPad, b);
        return PinPadControl.state(json, pinPad);
      default:
        throw new Refused(404, "not_found", "no such register call: " + path);
    }
  }

  private Object faults(JsonNode b) {
    RegisterSimulator r = register();
    lineFaults(r, b);
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

}
