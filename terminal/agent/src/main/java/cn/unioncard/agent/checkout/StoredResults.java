package cn.unioncard.agent.checkout;

import cn.unioncard.agent.card.payment.CardDecision;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.EcrMessage;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A checkout row's detail column (its RESULT, for a repeated request; a sale's discounts per rule, member and
 * interface) and the RESULT a stored row answers a repeated request with.
 */
final class StoredResults {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoredResults() {}

  /** The detail column of a sale: its result (for a repeated request), discounts per rule, member, interface. */
  static ObjectNode saleDetail(Result result, DiscountRules.Priced priced, String category, CardDecision d) {
    ObjectNode n = JSON.createObjectNode();
    if (result != null) {
      n.put("result", Hex.encode(result.encode()));
    }
    if (category != null) {
      n.put("member", category);
    }
    if (d != null) {
      n.put("aid", d.aid());
      n.put("contactless", d.contactless());
    }
    ArrayNode list = n.putArray("discounts");
    if (priced != null) {
      for (DiscountRules.PricedLine line : priced.lines()) {
        for (DiscountRules.Discount x : line.discounts()) {
          ObjectNode o = list.addObject();
          o.put("rule", x.ruleId());
          o.put("fen", x.fen());
          o.put("merchant_fen", x.merchantFen());
          o.put("bank_fen", x.bankFen());
        }
      }
    }
    return n;
  }

  /** A detail holding only {@code result} (a refund's, a void's). */
  static ObjectNode resultDetail(Result result) {
    ObjectNode detail = JSON.createObjectNode();
    detail.put("result", Hex.encode(result.encode()));
    return detail;
  }

  /** {@code detail} (a new one when null) with {@code result} put in. */
  static ObjectNode withResult(ObjectNode detail, Result result) {
    ObjectNode d = detail == null ? JSON.createObjectNode() : detail;
    d.put("result", Hex.encode(result.encode()));
    return d;
  }

  static JsonNode readDetail(TxRecord r) {
    if (r.detail() == null) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(r.detail());
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** The result stored with a transaction, or one made from its state when it has none (it was interrupted). */
  static Result of(TxRecord r) {
    MessageType type = r.type() == TxType.REFUND ? MessageType.REFUND
        : r.type() == TxType.VOID ? MessageType.VOID : MessageType.SALE;
    String hex = readDetail(r).path("result").asText(null);
    if (hex != null) {
      try {
        EcrMessage m = EcrMessage.parse(Hex.parse(hex));
        if (m instanceof Result) {
          return (Result) m;
        }
      } catch (DecodeException e) {
        LOG.warn("the stored result of {} does not read: {}", r.id(), e.getMessage());
      }
    }
    switch (r.state()) {
      case APPROVED:
      case VOIDED:
        return Result.of(type, r.registerRef(), Outcome.APPROVED, Answers.OK, "批准 approved").withCharges(r.id(),
            r.amountFen(), Receipts.charges(r.benefitFen(), r.debitFen(), r.ecashFen()));
      case DECLINED:
        return Result.of(type, r.registerRef(), Outcome.DECLINED, Answers.BANK_REFUSED, "declined: " + r.reason())
            .withCharges(r.id(), 0, Collections.<Charge>emptyList());
      case AWAITING_CARD:
        if (r.type() == TxType.SALE) {
          return OfflineIntentRecovery.unknown(r);
        }
        // fall through
      default:
        return Result.of(type, r.registerRef(), Outcome.FAILED, "ERR",
            "interrupted; nothing charged" + (r.state() == TxState.REVERSAL_NEEDED ? " (being reversed)" : ""))
            .withCharges(r.id(), 0, Collections.<Charge>emptyList());
    }
  }
}
