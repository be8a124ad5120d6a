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
    start(TcpEcrPort.connect(host, port), host + ":" + port);
  }

  private synchronized void start(TcpEcrPort line, String to) {
    if (register != null) {
      register.close();
    }
    register = new RegisterSimulator(line, config);
    if (pinPad != null) {
      register.withPinPad(pinPad);
    }
    register.start();
    target = to;
  }

  /**
   * Connects now, or refuses: a terminal that is not listening at {@code host:port} is a {@code 400 unreachable}, and
   * the register stays as it was.
   */
  private synchronized void connectNow(String host, int port) {
    TcpEcrPort line = TcpEcrPort.connect(host, port);
    try {
      line.write(new byte[0]); // opens the connection the register then uses
    } catch (IOException e) {
      line.close();
      throw new Refused(400, "unreachable", e.getMessage());
    }
    start(line, host + ":" + port);
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
      case "/connect": {
        onlyFields(b, java.util.Set.of("host", "port"));
        JsonNode p = b.get("port");
        if (p == null || !p.isIntegralNumber() || !p.canConvertToInt() || p.intValue() < 1 || p.intValue() > 65535) {
          throw new IllegalArgumentException("'port' (a whole number 1 to 65535) is needed");
        }
        connectNow(b.has("host") ? text(b, "host") : "127.0.0.1", p.intValue());
        return route("GET", "", x);
      }
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
    java.util.Set<String> known = new java.util.HashSet<>(LINE_FAULTS);
    known.add("never_ack");
    known.add("disconnect");
    onlyFields(b, known);
    boolean neverAck = flag(b, "never_ack");
    boolean disconnect = flag(b, "disconnect");
    count(b, "line_noise", LINE_NOISE_MAX); // checked before the register is asked
    count(b, "nak_storm", NAK_STORM_MAX);
    RegisterSimulator r = register();
    lineFaults(r, b);
    if (b.has("never_ack")) {
      r.neverAck(neverAck);
    }
    if (disconnect) {
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

  /** The most item lines a SALE may carry here. */
  static final int MAX_ITEMS = 1000;

  /** {@code items}: absent, or a list of objects; quantities whole and 1 to 1,000,000, amounts that fit in fen. */
  private List<Item> items(JsonNode b) {
    List<Item> out = new ArrayList<>();
    JsonNode list = b.get("items");
    if (list == null || list.isNull()) {
      return out;
    }
    if (!list.isArray() || list.size() > MAX_ITEMS) {
      throw new IllegalArgumentException("'items' must be a list of at most " + MAX_ITEMS + " items");
    }
    for (JsonNode i : list) {
      if (!i.isObject()) {
        throw new IllegalArgumentException("every item must be an object");
      }
      JsonNode q = i.get("quantity");
      long quantity = 1;
      if (q != null) {
        if (!q.isIntegralNumber() || !q.canConvertToLong() || q.longValue() < 1 || q.longValue() > 1_000_000) {
          throw new IllegalArgumentException("an item's 'quantity' must be a whole number 1 to 1000000");
        }
        quantity = q.longValue();
      }
      long unit = fen(i, "unit_price_fen");
      long line;
      try {
        line = Math.multiplyExact(quantity, unit);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("an item's quantity times its unit price is too large");
      }
      String code = text(i, "code");
      out.add(new Item(code, i.has("name") ? text(i, "name") : code, text(i, "category"), quantity * 1000, unit, line));
    }
    return out;
  }
}
