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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A checkout row's detail column (its RESULT, for a repeated request; a sale's discounts per rule, member and
 * interface) and the RESULT a stored row answers a repeated request with.
 */
final class StoredResults {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private StoredResults() {}

  /** The detail of a sale: its result (for a repeated request), member, application, discounts per rule. */
  static SaleDetail saleDetail(Result result, DiscountRules.Priced priced, String category, CardDecision d) {
    List<SaleDetail.Discount> discounts = new ArrayList<>();
    if (priced != null) {
      for (DiscountRules.PricedLine line : priced.lines()) {
        for (DiscountRules.Discount x : line.discounts()) {
          discounts.add(new SaleDetail.Discount(x.ruleId(), x.fen(), x.merchantFen(), x.bankFen()));
        }
      }
    }
    return new SaleDetail(result == null ? null : hex(result), category,
        d == null ? null : new SaleDetail.Application(d.aid(), d.contactless()), discounts, null, null, null);
  }

  /** A detail holding only {@code result} (a refund's, a void's). */
  static SaleDetail resultDetail(Result result) {
    return SaleDetail.empty().withResult(hex(result));
  }

  /** {@code detail} (an empty one when null) with {@code result} put in. */
  static SaleDetail withResult(SaleDetail detail, Result result) {
    return (detail == null ? SaleDetail.empty() : detail).withResult(hex(result));
  }

  /** A RESULT as a detail holds it: the hex of its message. */
  static String hex(Result result) {
    return Hex.encode(result.encode());
  }

  /** The detail of {@code r} as the checkout reads it: one that does not read is a detail with nothing in it. */
  static SaleDetail detail(TxRecord r) {
    try {
      return SaleDetail.decode(r.detail());
    } catch (IllegalArgumentException e) {
      return SaleDetail.empty();
    }
  }

  /** The discounts stored with {@code r}, as the checkout counts them: none when not stored or not readable. */
  static List<SaleDetail.Discount> discounts(TxRecord r) {
    List<SaleDetail.Discount> d = detail(r).discounts();
    return d == null ? Collections.<SaleDetail.Discount>emptyList() : d;
  }

  /** The result stored with a transaction, or one made from its state when it has none (it was interrupted). */
  static Result of(TxRecord r) {
    MessageType type = r.type() == TxType.REFUND ? MessageType.REFUND
        : r.type() == TxType.VOID ? MessageType.VOID : MessageType.SALE;
    String hex = detail(r).result();
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
