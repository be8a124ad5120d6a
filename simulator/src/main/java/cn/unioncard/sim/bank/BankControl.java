package cn.unioncard.sim.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The bank's control operations in JSON (docs/simulator.md, "The bank"), so any HTTP layer can mount them: the
 * simulator's own control port ({@link ControlHttpHandler}) or the {@code ucard sim} control API. Each method
 * takes the request's JSON and returns the answer's; bad input is an {@link IllegalArgumentException} whose
 * message names the field (a 400 in HTTP).
 */
public final class BankControl {
  /** The path prefix of the control API. */
  public static final String PREFIX = "/bank";

  private final BankSimulator bank;

  BankControl(BankSimulator bank) {
    this.bank = bank;
  }

  /** {@code GET /bank/faults}. */
  public ObjectNode faults() {
    Faults f = bank.faults();
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("seed", f.seed());
    out.put("expired_certificate", f.expiredCertificate());
    ArrayNode rules = out.putArray("rules");
    for (Faults.Rule r : f.rules()) {
      ObjectNode n = rules.addObject();
      n.put("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT));
      if (r.pathPrefix() != null) {
        n.put("path_prefix", r.pathPrefix());
      }
      if (r.count() != null) {
        n.put("count", r.count());
      }
      n.put("millis", r.millis());
      n.put("share", r.share());
      ArrayNode st = n.putArray("statuses");
      r.statuses().forEach(st::add);
      n.put("retry_after_seconds", r.retryAfterSeconds());
      n.put("chunk_bytes", r.chunkBytes());
    }
    return out;
  }

  /** {@code PUT /bank/faults}: replaces every fault; answers as {@link #faults()}. */
  public ObjectNode putFaults(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("a JSON object is expected");
    }
    onlyFields(body, java.util.Set.of("seed", "expired_certificate", "rules"));
    long seed = body.has("seed") ? longOf(body, "seed") : bank.faults().seed();
    boolean expired = body.has("expired_certificate") && boolOf(body, "expired_certificate");
    List<Faults.Rule> rules = new ArrayList<>();
    JsonNode list = body.get("rules");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw new IllegalArgumentException("rules must be an array");
      }
      for (JsonNode n : list) {
        rules.add(rule(n));
      }
    }
    bank.faults().set(rules, expired, seed);
    return faults();
  }

  private static Faults.Rule rule(JsonNode n) {
    if (!n.isObject() || !n.hasNonNull("kind") || !n.get("kind").isTextual()) {
      throw new IllegalArgumentException("every rule needs a kind");
    }
    Faults.Kind kind;
    try {
      kind = Faults.Kind.valueOf(n.get("kind").textValue().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown fault kind " + n.get("kind").textValue());
    }
    onlyFields(n, RULE_FIELDS);
    List<Integer> statuses = new ArrayList<>();
    if (n.has("statuses")) {
      if (!n.get("statuses").isArray()) {
        throw new IllegalArgumentException("statuses must be an array");
      }
      for (JsonNode s : n.get("statuses")) {
        if (!s.isInt()) {
          throw new IllegalArgumentException("statuses must be numbers");
        }
        statuses.add(s.intValue());
      }
    }
    return new Faults.Rule(
        kind,
        n.hasNonNull("path_prefix") ? n.get("path_prefix").asText() : null,
        n.hasNonNull("count") ? intOf(n, "count") : null,
        n.has("millis") ? longOf(n, "millis") : 0,
        n.has("share") ? shareOf(n) : 1.0,
        statuses,
        n.has("retry_after_seconds") ? intOf(n, "retry_after_seconds") : 1,
        n.has("chunk_bytes") ? intOf(n, "chunk_bytes") : 1);
  }

  private static final java.util.Set<String> RULE_FIELDS = java.util.Set.of("kind", "path_prefix", "count", "millis",
      "share", "statuses", "retry_after_seconds", "chunk_bytes");

  /** A field of another name is refused: a fault with a typo must not pass as set. */
  private static void onlyFields(JsonNode n, java.util.Set<String> known) {
    for (java.util.Iterator<String> i = n.fieldNames(); i.hasNext(); ) {
      String f = i.next();
      if (!known.contains(f)) {
        throw new IllegalArgumentException("unknown field " + f);
      }
    }
  }

  private static int intOf(JsonNode b, String field) {
    long v = longOf(b, field);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(field + " is out of range");
    }
    return (int) v;
  }

  private static double shareOf(JsonNode n) {
    if (!n.get("share").isNumber()) {
      throw new IllegalArgumentException("share must be a number 0 to 1");
    }
    return n.get("share").asDouble();
  }

  /**
   * {@code GET /bank/ledger[?terminal_id=&business_date=]}: accounts, authorisations, records (of that day, or
   * all), days closed, and with a terminal and date the bank's totals.
   */
  public ObjectNode ledger(String terminalId, String businessDate) {
    Ledger l = bank.ledger();
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("accounts", Json.CONTROL.valueToTree(l.accounts()));
    out.set("authorisations", Json.CONTROL.valueToTree(l.authorisations()));
    out.set("records", Json.CONTROL.valueToTree(l.records(terminalId, businessDate)));
    out.set("days", Json.CONTROL.valueToTree(l.days()));
    if (terminalId != null && businessDate != null) {
      out.set("totals", Json.CONTROL.valueToTree(l.totals(terminalId, businessDate)));
    }
    out.put("idempotency_keys", l.idempotencyKeys());
    return out;
  }

  /**
   * {@code POST /bank/cards}: {@code {"pan", "psn", "expiry", "pin", "member": {"member_id", "union",
   * "category", "valid_until"} | null, "debit_balance_fen", "benefit_balance_fen" | null, "blocked"}}; answers
   * {@code {"pan_hash"}}.
   */
  public ObjectNode addCard(JsonNode b) {
    CardSeed.MemberSeed member = null;
    JsonNode m = b.get("member");
    if (m != null && !m.isNull()) {
      member = new CardSeed.MemberSeed(text(m, "member_id"), text(m, "union"), text(m, "category"),
          text(m, "valid_until"));
    }
    CardSeed seed = new CardSeed(text(b, "pan"), text(b, "psn"), text(b, "expiry"),
        b.hasNonNull("pin") ? text(b, "pin") : null, member, longOf(b, "debit_balance_fen"),
        b.hasNonNull("benefit_balance_fen") ? longOf(b, "benefit_balance_fen") : null,
        b.has("blocked") && boolOf(b, "blocked"));
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("pan_hash", bank.addCard(seed));
    return out;
  }

  /** {@code POST /bank/members}: {@code {"pan", "member_id", "union", "category", "valid_until"}}. */
  public ObjectNode addMember(JsonNode b) {
    bank.addMember(text(b, "pan"), new CardSeed.MemberSeed(text(b, "member_id"), text(b, "union"),
        text(b, "category"), text(b, "valid_until")));
    return ok();
  }

  /** {@code POST /bank/accounts}: {@code {"pan", "kind": "debit"|"benefit", "balance_fen"}}. */
  public ObjectNode setBalance(JsonNode b) {
    bank.setBalance(text(b, "pan"), text(b, "kind"), longOf(b, "balance_fen"));
    return ok();
  }

  /** {@code POST /bank/merchants}: {@code {"merchant_id", "name"}}. */
  public ObjectNode addMerchant(JsonNode b) {
    bank.addMerchant(text(b, "merchant_id"), text(b, "name"));
    return ok();
  }

  /** {@code POST /bank/terminals}: {@code {"terminal_id"}}, with the terminal's test keys. */
  public ObjectNode addTerminal(JsonNode b) {
    bank.addTerminal(text(b, "terminal_id"));
    return ok();
  }

  /** {@code POST /bank/reference/{kind}}: the body is the document; answers {@code {"version"}}. */
  public ObjectNode publishReference(String kind, byte[] content) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("version", bank.publishReference(kind, content));
    return out;
  }

  /** {@code POST /bank/reference/hotlist/delta}: {@code {"delta": base64, "full": base64}}; answers {@code {"version"}}. */
  public ObjectNode publishHotlistDelta(JsonNode b) {
    byte[] delta;
    byte[] full;
    try {
      delta = Base64.getDecoder().decode(text(b, "delta"));
      full = Base64.getDecoder().decode(text(b, "full"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("delta and full must be base64");
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("version", bank.publishHotlistDelta(delta, full));
    return out;
  }

  private static ObjectNode ok() {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("result", "ok");
    return out;
  }

  private static String text(JsonNode b, String field) {
    JsonNode v = b == null ? null : b.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return v.textValue();
  }

  private static long longOf(JsonNode b, String field) {
    JsonNode v = b.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be a whole number");
    }
    return v.longValue();
  }

  private static boolean boolOf(JsonNode b, String field) {
    JsonNode v = b.get(field);
    if (v == null || !v.isBoolean()) {
      throw new IllegalArgumentException(field + " must be true or false");
    }
    return v.booleanValue();
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new java.util.HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(java.net.URLDecoder.decode(part.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(part.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
