package cn.unioncard.agent.refdata;

import cn.unioncard.agent.checkout.OfflineLimits;
import cn.unioncard.agent.gate.TransitLimits;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The terminal's signed parameters: the content of the reference data of kind {@code terminal-parameters}
 * (docs/settlement.md, "Offline risk limits"). A JSON object of two sections, every field required, amounts in fen,
 * ages in hours, 0 meaning no limit:
 *
 * <pre>
 * {"checkout": {"max_offline_sale_fen": 10000, "max_offline_benefit_fen": 20000,
 *               "max_pending_count": 2000, "max_pending_fen": 20000000, "max_pending_benefit_fen": 0,
 *               "max_pending_debit_fen": 0, "max_pending_ecash_fen": 0, "max_oldest_pending_hours": 72},
 *  "transit":  {"max_pending_count": 200000, "max_oldest_pending_hours": 336}}
 * </pre>
 *
 * An unknown field is an error (a limit the terminal does not know of is not silently ignored).
 */
public record TerminalParameters(OfflineLimits checkout, TransitLimits transit) {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** At most 100 years in hours, and at most 10^12 yuan: numbers beyond are mistakes. */
  private static final long MAX_HOURS = 876_000;
  private static final long MAX_FEN = 100_000_000_000_000L;
  private static final long MAX_COUNT = 1_000_000_000L;

  static final List<String> CHECKOUT_FIELDS = Collections.unmodifiableList(Arrays.asList(
      "max_offline_sale_fen", "max_offline_benefit_fen", "max_pending_count", "max_pending_fen",
      "max_pending_benefit_fen", "max_pending_debit_fen", "max_pending_ecash_fen", "max_oldest_pending_hours"));
  static final List<String> TRANSIT_FIELDS = Collections.unmodifiableList(Arrays.asList(
      "max_pending_count", "max_oldest_pending_hours"));

  public TerminalParameters {
    if (checkout == null || transit == null) {
      throw new IllegalArgumentException("checkout and transit limits are required");
    }
  }

  /** The code defaults, in force until the first good signed document. */
  public static TerminalParameters defaults() {
    return new TerminalParameters(OfflineLimits.defaults(), TransitLimits.defaults());
  }

  /**
   * Reads a document.
   *
   * @throws ParametersException not JSON, a section or field missing, unknown, not a whole number, negative or too
   *     large, or an age that is not whole hours
   */
  public static TerminalParameters parse(byte[] json) throws ParametersException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new ParametersException("", "not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ParametersException("", "cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ParametersException("", "must be a JSON object");
    }
    only(root, "", Arrays.asList("checkout", "transit"));
    JsonNode c = section(root, "checkout", CHECKOUT_FIELDS);
    JsonNode t = section(root, "transit", TRANSIT_FIELDS);
    OfflineLimits checkout = new OfflineLimits(
        whole(c, "checkout", "max_offline_sale_fen", MAX_FEN),
        whole(c, "checkout", "max_pending_count", MAX_COUNT),
        whole(c, "checkout", "max_pending_fen", MAX_FEN),
        Duration.ofHours(whole(c, "checkout", "max_oldest_pending_hours", MAX_HOURS)),
        whole(c, "checkout", "max_offline_benefit_fen", MAX_FEN),
        whole(c, "checkout", "max_pending_benefit_fen", MAX_FEN),
        whole(c, "checkout", "max_pending_debit_fen", MAX_FEN),
        whole(c, "checkout", "max_pending_ecash_fen", MAX_FEN));
    TransitLimits transit = new TransitLimits(
        whole(t, "transit", "max_pending_count", MAX_COUNT),
        Duration.ofHours(whole(t, "transit", "max_oldest_pending_hours", MAX_HOURS)));
    return new TerminalParameters(checkout, transit);
  }

  /** The document of these parameters (ages in whole hours: a finer age is rounded down). */
  public byte[] encode() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode c = root.putObject("checkout");
    c.put("max_offline_sale_fen", checkout.maxOfflineSaleFen());
    c.put("max_offline_benefit_fen", checkout.maxOfflineBenefitFen());
    c.put("max_pending_count", checkout.maxPendingCount());
    c.put("max_pending_fen", checkout.maxPendingFen());
    c.put("max_pending_benefit_fen", checkout.maxPendingBenefitFen());
    c.put("max_pending_debit_fen", checkout.maxPendingDebitFen());
    c.put("max_pending_ecash_fen", checkout.maxPendingEcashFen());
    c.put("max_oldest_pending_hours", checkout.maxOldestPending().toHours());
    ObjectNode t = root.putObject("transit");
    t.put("max_pending_count", transit.maxPendingCount());
    t.put("max_oldest_pending_hours", transit.maxOldestPending().toHours());
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode section(JsonNode root, String name, List<String> fields) throws ParametersException {
    JsonNode n = root.get(name);
    if (n == null) {
      throw new ParametersException(name, "missing");
    }
    if (!n.isObject()) {
      throw new ParametersException(name, "must be an object");
    }
    only(n, name, fields);
    return n;
  }

  private static void only(JsonNode n, String path, List<String> known) throws ParametersException {
    Set<String> k = new HashSet<>(known);
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!k.contains(f)) {
        throw new ParametersException(path.isEmpty() ? f : path + "." + f, "unknown field");
      }
    }
  }

  private static long whole(JsonNode section, String path, String name, long max) throws ParametersException {
    String field = path + "." + name;
    JsonNode v = section.get(name);
    if (v == null) {
      throw new ParametersException(field, "missing");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ParametersException(field, "must be a whole number");
    }
    long n = v.longValue();
    if (n < 0 || n > max) {
      throw new ParametersException(field, "must be 0 (no limit) to " + max + ", not " + n);
    }
    return n;
  }
}
