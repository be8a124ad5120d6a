package cn.unioncard.agent.checkout;

import static cn.unioncard.agent.store.DetailFields.putText;
import static cn.unioncard.agent.store.DetailFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code detail} the checkout stores with a sale, a refund or a void (JSON; settlement uploads part of it,
 * docs/settlement.md): the RESULT answered, the member, the card's application, the discounts per rule, the card's
 * ICC data of an offline approval, an offline sale's intent and what the card showed when presented again.
 * {@link #encode()} and {@link #decode(String)} are its one codec; the JSON names and their order are those of rows
 * written before this type, so they read and write the same bytes.
 *
 * @param result the RESULT answered (hex of its message), for a repeated request; null until answered
 * @param member the member's category, null for a non-member
 * @param application the card's application and interface; null when not stored
 * @param discounts the discounts given, per rule; null when not stored (a refund's, a void's, a closed request's)
 * @param iccData the card's ICC data (hex) of an offline approval, for the upload; else null
 * @param offlineIntent an offline electronic-cash sale's intent (docs/checkout.md, step 8a); else null
 * @param cardPresentedAgain the card's figures when it was presented again for the intent; else null
 */
public record SaleDetail(
    String result,
    String member,
    Application application,
    List<Discount> discounts,
    String iccData,
    Intent offlineIntent,
    CardFigures cardPresentedAgain) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SaleDetail EMPTY = new SaleDetail(null, null, null, null, null, null, null);

  public SaleDetail {
    discounts = discounts == null ? null : Collections.unmodifiableList(new ArrayList<>(discounts));
  }

  /**
   * The application the card paid with.
   *
   * @param aid the application's AID, null when not known
   * @param contactless whether the card was in the contactless field
   */
  public record Application(String aid, boolean contactless) {}

  /**
   * A discount given by one rule, and who funds it; each amount -1 when not stored.
   *
   * @param rule the rule's id, null when not stored
   */
  public record Discount(String rule, long fen, long merchantFen, long bankFen) {
    /** The discount as the checkout counts it against its limits: 0 when not stored. */
    public long fenOrZero() {
      return Math.max(0, fen);
    }
  }

  /**
   * What an offline sale stores before the card's command that may move its money ({@link OfflineIntent}).
   *
   * @param atc the card's transaction counter before the command, null when the card did not give it
   * @param ecBalanceFen the card's electronic-cash balance before it, null when the card did not give it
   * @param amountFen the amount the command takes, null when not stored (the row's amount then)
   * @param approvedResult the RESULT the sale answers if the card paid (hex of its message), null when not stored
   */
  public record Intent(Integer atc, Long ecBalanceFen, Long amountFen, String approvedResult) {}

  /** The card's transaction counter and electronic-cash balance; either null when the card did not give it. */
  public record CardFigures(Integer atc, Long ecBalanceFen) {}

  /** A detail with nothing in it. */
  public static SaleDetail empty() {
    return EMPTY;
  }

  /** This detail with {@code result} (the hex of a RESULT) in place of its own. */
  public SaleDetail withResult(String result) {
    return new SaleDetail(result, member, application, discounts, iccData, offlineIntent, cardPresentedAgain);
  }

  /** This detail with the card's application. */
  public SaleDetail withApplication(Application application) {
    return new SaleDetail(result, member, application, discounts, iccData, offlineIntent, cardPresentedAgain);
  }

  /** This detail with the card's ICC data (hex). */
  public SaleDetail withIccData(String iccData) {
    return new SaleDetail(result, member, application, discounts, iccData, offlineIntent, cardPresentedAgain);
  }

  /** This detail with an offline sale's intent. */
  public SaleDetail withOfflineIntent(Intent offlineIntent) {
    return new SaleDetail(result, member, application, discounts, iccData, offlineIntent, cardPresentedAgain);
  }

  /** This detail with what the card showed when presented again. */
  public SaleDetail withCardPresentedAgain(CardFigures cardPresentedAgain) {
    return new SaleDetail(result, member, application, discounts, iccData, offlineIntent, cardPresentedAgain);
  }

  /**
   * The JSON stored in the row's {@code detail}; absent parts are left out. A sale's order is result, member,
   * application, discounts, ICC data; an offline sale's intent keeps the order it was first written in (member,
   * discounts, application, intent), and what the card showed and the result follow it.
   */
  public String encode() {
    ObjectNode o = JSON.createObjectNode();
    if (offlineIntent == null) {
      putText(o, "result", result);
      putText(o, "member", member);
      putApplication(o);
      putDiscounts(o);
      putText(o, "icc_data", iccData);
      putCardPresentedAgain(o);
    } else {
      putText(o, "member", member);
      putDiscounts(o);
      putApplication(o);
      ObjectNode i = o.putObject("offline_intent");
      if (offlineIntent.atc() != null) {
        i.put("atc", offlineIntent.atc());
      }
      if (offlineIntent.ecBalanceFen() != null) {
        i.put("ec_balance_fen", offlineIntent.ecBalanceFen());
      }
      if (offlineIntent.amountFen() != null) {
        i.put("amount_fen", offlineIntent.amountFen());
      }
      putText(i, "approved_result", offlineIntent.approvedResult());
      putCardPresentedAgain(o);
      putText(o, "result", result);
      putText(o, "icc_data", iccData);
    }
    return o.toString();
  }

  private void putApplication(ObjectNode o) {
    if (application != null) {
      o.put("aid", application.aid());
      o.put("contactless", application.contactless());
    }
  }

  private void putDiscounts(ObjectNode o) {
    if (discounts != null) {
      ArrayNode list = o.putArray("discounts");
      for (Discount d : discounts) {
        ObjectNode l = list.addObject();
        l.put("rule", d.rule());
        l.put("fen", d.fen());
        l.put("merchant_fen", d.merchantFen());
        l.put("bank_fen", d.bankFen());
      }
    }
  }

  private void putCardPresentedAgain(ObjectNode o) {
    if (cardPresentedAgain != null) {
      ObjectNode seen = o.putObject("card_presented_again");
      if (cardPresentedAgain.atc() != null) {
        seen.put("atc", cardPresentedAgain.atc());
      }
      if (cardPresentedAgain.ecBalanceFen() != null) {
        seen.put("ec_balance_fen", cardPresentedAgain.ecBalanceFen());
      }
    }
  }

  /**
   * The detail a row holds; null or empty reads as a detail with nothing in it. A part of the wrong kind reads as
   * not stored (a group that is not an object, discounts that are not a list), as the readers before this type read
   * them.
   *
   * @throws IllegalArgumentException when {@code json} is not a JSON object (its message is settlement's reason)
   */
  public static SaleDetail decode(String json) {
    if (json == null || json.isEmpty()) {
      return EMPTY;
    }
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("detail: not JSON (" + e.getMessage() + ")", e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("detail: not a JSON object");
    }
    Application application = n.has("aid") || n.has("contactless")
        ? new Application(text(n, "aid"), n.path("contactless").asBoolean(false)) : null;
    List<Discount> discounts = null;
    JsonNode lines = n.get("discounts");
    if (lines != null && lines.isArray()) {
      discounts = new ArrayList<>();
      for (JsonNode l : lines) {
        discounts.add(new Discount(l.path("rule").asText(null), l.path("fen").asLong(-1),
            l.path("merchant_fen").asLong(-1), l.path("bank_fen").asLong(-1)));
      }
    }
    JsonNode i = n.get("offline_intent");
    Intent intent = i != null && i.isObject()
        ? new Intent(integer(i, "atc"), number(i, "ec_balance_fen"), number(i, "amount_fen"),
            text(i, "approved_result"))
        : null;
    JsonNode seen = n.get("card_presented_again");
    CardFigures again = seen != null && seen.isObject()
        ? new CardFigures(integer(seen, "atc"), number(seen, "ec_balance_fen")) : null;
    return new SaleDetail(text(n, "result"), text(n, "member"), application, discounts, text(n, "icc_data"), intent,
        again);
  }

  private static Integer integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null ? null : v.asInt();
  }

  private static Long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null ? null : v.asLong();
  }
}
