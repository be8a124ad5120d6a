package cn.unioncard.sim.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Locale;

/**
 * The PIN pad of the simulator process, driven from its control API under {@value #PREFIX} (docs/simulator.md):
 * what the member does at the next PIN REQUEST (types a PIN, cancels, walks away) and the line's faults.
 */
public final class PinPadControl extends JsonControl {
  /** Where the simulator's control server mounts it. */
  public static final String PREFIX = "/v1/pinpad";

  private final PinPadSimulator pad;
  private final String device;
  private final String terminal;

  /**
   * @param device the pseudo-terminal the terminal opens (shown in {@code GET})
   * @param terminal the terminal id whose PIN key the pad uses
   */
  public PinPadControl(ObjectMapper json, PinPadSimulator pad, String device, String terminal) {
    super(json, PREFIX);
    this.pad = pad;
    this.device = device;
    this.terminal = terminal;
  }

  @Override
  Object route(String method, String path, HttpExchange x) throws IOException {
    if (path.isEmpty() || path.equals("/")) {
      need(method, "GET");
      ObjectNode n = state(json, pad.entry());
      n.put("device", device);
      n.put("terminal", terminal);
      return n;
    }
    need(method, "POST");
    JsonNode b = body(x);
    switch (path) {
      case "/member":
        member(pad.entry(), b);
        return route("GET", "", x);
      case "/faults":
        onlyFields(b, LINE_FAULTS);
        lineFaults(pad, b);
        ObjectNode n = json.createObjectNode();
        n.put("faults", "set");
        return n;
      default:
        throw new Refused(404, "not_found", "no such PIN pad call: " + path);
    }
  }

  /** {@code {"member": "types" | "cancels" | "walks_away", "requests": n}}. */
  static ObjectNode state(ObjectMapper json, PinEntry entry) {
    ObjectNode n = json.createObjectNode();
    n.put("member", entry.member().name().toLowerCase(Locale.ROOT));
    n.put("requests", entry.requests());
    return n;
  }

  /** {@code {"action": "type", "pin": "1234"}}, {@code {"action": "cancel"}} or {@code {"action": "walk_away"}}. */
  static void member(PinEntry entry, JsonNode b) {
    String action = text(b, "action");
    switch (action) {
      case "type":
        entry.typePin(text(b, "pin"));
        break;
      case "cancel":
        entry.pressCancel();
        break;
      case "walk_away":
        entry.walkAway();
        break;
      default:
        throw new IllegalArgumentException("'action' must be type, cancel or walk_away, not '" + action + "'");
    }
  }
}
