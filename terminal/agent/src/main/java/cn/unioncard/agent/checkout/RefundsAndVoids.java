package cn.unioncard.agent.checkout;

import cn.unioncard.agent.ecr.EcrHandler.Context;
import cn.unioncard.agent.store.NewTx;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.bank.keys.WorkingKeys;
import cn.unioncard.protocol.Money;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Refund;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.VoidSale;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The register's REFUND (of an approved sale, up to what is left of it) and VOID (of the day's last sale). */
final class RefundsAndVoids {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final CheckoutConfig config;
  private final Supplier<WorkingKeys> keys;
  private final TransactionStore store;
  private final RequestRows rows;
  private final OfflineLimitGuard guard;
  private final CardWaits cardWaits;
  private final PanProtections pans;
  private final Receipts receipts;
  private final Clock clock;

  RefundsAndVoids(CheckoutConfig config, Supplier<WorkingKeys> keys, TransactionStore store, RequestRows rows,
      OfflineLimitGuard guard, CardWaits cardWaits, PanProtections pans, Receipts receipts, Clock clock) {
    this.config = config;
    this.keys = keys;
    this.store = store;
    this.rows = rows;
    this.guard = guard;
    this.cardWaits = cardWaits;
    this.pans = pans;
    this.receipts = receipts;
    this.clock = clock;
  }

  Result refund(Refund q, Context ctx, RequestRows.Request request) throws InterruptedException {
    MessageType type = MessageType.REFUND;
    String ref = q.reference();
    try {
      Optional<TxRecord> earlier = store.byRegisterRef(TxType.REFUND, ref);
      if (earlier.isPresent()) {
        return StoredResults.of(earlier.get());
      }
      String over = guard.over();
      if (over != null) {
        return Answers.answer(type, ref, Outcome.DECLINED, Answers.OFFLINE_LIMIT, over);
      }
      Optional<TxRecord> found = q.originalTransactionId() != null
          ? store.get(q.originalTransactionId())
          : store.byRegisterRef(TxType.SALE, q.originalReference());
      if (!found.isPresent() || found.get().type() != TxType.SALE
          || (q.originalReference() != null && !q.originalReference().equals(found.get().registerRef()))) {
        return Answers.answer(type, ref, Outcome.DECLINED, Answers.ORIGINAL_NOT_FOUND, "no such sale on this terminal");
      }
      TxRecord sale = found.get();
      if (sale.state() != TxState.APPROVED) {
        return Answers.answer(type, ref, Outcome.DECLINED, Answers.ORIGINAL_NOT_FOUND,
            "the sale " + sale.id() + " is " + sale.state().name().toLowerCase(Locale.ROOT) + ": nothing to refund");
      }
      long benefitLeft = sale.benefitFen();
      long debitLeft = sale.debitFen();
      long ecashLeft = sale.ecashFen();
      for (TxRecord r : store.byOriginal(sale.id())) {
        if (r.type() == TxType.REFUND && r.state() == TxState.APPROVED) {
          benefitLeft -= r.benefitFen();
          debitLeft -= r.debitFen();
          ecashLeft -= r.ecashFen();
        }
      }
      long left = benefitLeft + debitLeft + ecashLeft;
      if (q.amount() <= 0 || q.amount() > left) {
        return Answers.answer(type, ref, Outcome.DECLINED, Answers.TOO_MUCH,
            "at most " + Money.yuan(left) + " of sale " + sale.id() + " is left to refund");
      }
      WorkingKeys k = keys.get();
      if (k == null) {
        return Answers.notSignedOn(type, ref);
      }
      // back to the accounts it came from: the benefit account first (restricted money never becomes free money)
      long benefit = Math.min(q.amount(), benefitLeft);
      long debit = Math.min(q.amount() - benefit, debitLeft);
      long ecash = q.amount() - benefit - debit;
      TxRecord rec = rows.begin(request, NewTx.of(TxType.REFUND, today()).registerRef(ref).original(sale.id())
          .amount(q.amount()));
      Sealed sealed = sealForRecord(type, ref, k, sale, rec, ctx);
      if (sealed.failure() != null) {
        return sealed.failure();
      }
      Result result = receipts.approvedRefund(ref, sale, rec.id(), q.amount(), benefit, debit, ecash);
      rows.move(rec.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().card(sale.cardRef(), sealed.pan())
          .funding(benefit, debit, ecash, 0).detail(StoredResults.resultDetail(result).encode()));
      return result;
    } catch (StoreException e) {
      return Answers.storeFailure(type, ref, e);
    }
  }

  Result voidSale(VoidSale q, Context ctx, RequestRows.Request request) throws InterruptedException {
    MessageType type = MessageType.VOID;
    String ref = q.reference();
    try {
      Optional<TxRecord> earlier = store.byRegisterRef(TxType.VOID, ref);
      if (earlier.isPresent()) {
        return StoredResults.of(earlier.get());
      }
      Optional<TxRecord> lastSale = store.last(TxType.SALE);
      if (!lastSale.isPresent() || !q.saleReference().equals(lastSale.get().registerRef())) {
        return Answers.answer(type, ref, Outcome.DECLINED, Answers.NOT_VOIDABLE, "only the last sale can be voided");
      }
      TxRecord sale = lastSale.get();
      if (sale.state() != TxState.APPROVED || !sale.businessDate().equals(today())) {
        return Answers.answer(type, ref, Outcome.DECLINED, Answers.NOT_VOIDABLE,
            "the last sale is " + sale.state().name().toLowerCase(Locale.ROOT) + " of " + sale.businessDate()
                + ": it cannot be voided");
      }
      for (TxRecord r : store.byOriginal(sale.id())) {
        if (r.state() == TxState.APPROVED) {
          return Answers.answer(type, ref, Outcome.DECLINED, Answers.NOT_VOIDABLE,
              "the sale has a " + r.type().name().toLowerCase(Locale.ROOT) + " already: refund it instead");
        }
      }
      WorkingKeys k = keys.get();
      if (k == null) {
        return Answers.notSignedOn(type, ref);
      }
      TxRecord rec = rows.begin(request, NewTx.of(TxType.VOID, today()).registerRef(ref).original(sale.id())
          .amount(sale.amountFen()));
      Sealed sealed = sealForRecord(type, ref, k, sale, rec, ctx);
      if (sealed.failure() != null) {
        return sealed.failure();
      }
      Result result = receipts.approvedVoid(ref, sale, rec.id());
      // the void record first: if the terminal stops between the two steps, both records still reach the bank
      rows.move(rec.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().card(sale.cardRef(), sealed.pan())
          .funding(sale.benefitFen(), sale.debitFen(), sale.ecashFen(), 0)
          .discountFunding(sale.merchantFen(), sale.bankFen(), 0)
          .detail(StoredResults.resultDetail(result).encode()));
      rows.move(sale.id(), TxState.APPROVED, TxState.VOIDED, TxChange.none().reason("voided by " + rec.id()));
      return result;
    } catch (StoreException e) {
      return Answers.storeFailure(type, ref, e);
    }
  }

  /** A PAN sealed for a record, or the answer why not. */
  private record Sealed(byte[] pan, Result failure) {}

  /**
   * The sale's PAN sealed for the refund's or void's record: opened with today's data key, else read again from the
   * card. When neither works, the record is closed {@code CANCELLED} with the answer ({@code failure}) stored in it.
   */
  private Sealed sealForRecord(MessageType type, String ref, WorkingKeys k, TxRecord sale, TxRecord rec, Context ctx)
      throws InterruptedException {
    byte[] sealed = PanProtections.reseal(k, sale, rec.id());
    if (sealed != null) {
      return new Sealed(sealed, null);
    }
    LOG.info("{} {}: sale {} was sealed under an earlier data key: the card is asked for", type, ref, sale.id());
    CardWaits.SaleCard c = cardWaits.cardOfSale(type, ref, sale, k, ctx);
    if (c.failure() != null) {
      return new Sealed(null, rows.close(rec, TxState.STARTED, TxState.CANCELLED, c.reason(), c.failure(), null));
    }
    return new Sealed(PanProtections.encrypted(pans.of(k), c.pan(), rec.id()), null);
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(config.zone()));
  }
}
