package cn.unioncard.agent.checkout;

import cn.unioncard.agent.card.payment.PaymentKernel;
import cn.unioncard.agent.ecr.EcrHandler;
import cn.unioncard.agent.ecr.EcrJournal;
import cn.unioncard.agent.ecr.InMemoryEcrJournal;
import cn.unioncard.agent.event.EventListener;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.keys.WorkingKeys;
import cn.unioncard.ports.ecr.PinPad;
import cn.unioncard.protocol.ecr.BalanceQuery;
import cn.unioncard.protocol.ecr.EcrRequest;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Refund;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.protocol.ecr.VoidSale;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkout at a partner merchant (docs/checkout.md): the {@link EcrHandler} the terminal's {@code EcrLink} runs
 * for the register's SALE, REFUND, VOID and BALANCE. A SALE waits for the card, asks the {@link PaymentKernel} for
 * the card's decision, finds the member (on the card, or by the PAN's keyed hash at the bank, cached), prices the
 * basket with the discount rules in force, splits it between the benefit and the debit account, takes the PIN above
 * the no-PIN limit, stores its intent, asks the bank, completes the card, stores the outcome and answers.
 *
 * <p>Write before you speak: the row is {@code STARTED} before anything leaves for the bank and
 * {@code AWAITING_BANK} before the authorisation is sent; the outcome is stored before the answer. An authorisation
 * that got no answer is {@code REVERSAL_NEEDED} and is reversed by the {@link ReversalDriver}, before that card's
 * next transaction and by {@link #recover()} at start-up. An offline electronic-cash sale is {@code AWAITING_CARD}
 * before the card's command that may take its money, and only the card presented again settles it
 * ({@link OfflineIntentRecovery}). Nothing is approved that could not be stored.
 *
 * <p>The PAN lives only in memory during one request; the store holds its keyed hash ({@code card_ref}) and its
 * SM4-GCM encryption ({@code pan_encrypted}, bound to the transaction id); logs and receipts see it masked.
 */
public final class Checkout implements EcrHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final CheckoutConfig config;
  private final TransactionStore store;
  private final EventListener listener;
  private final InMemoryEcrJournal recent = new InMemoryEcrJournal(1_000);
  private final OfflineLimitGuard guard;
  private final RequestRows rows;
  private final Recovery recovery;
  private final SaleSteps sales;
  private final RefundsAndVoids refunds;
  private final BalanceQueries balances;

  /**
   * @param keys the working keys of the last sign-on (null before the first: then nothing can be paid)
   * @param pinPad the PIN pad, or null when the terminal has none (then a sale above the no-PIN limit fails)
   */
  public Checkout(CheckoutConfig config, CardSource cards, PaymentKernel kernel, BankClient bank,
      Supplier<WorkingKeys> keys, TransactionStore store, RulesInForce rules, PinPad pinPad, Clock clock) {
    this(config, cards, kernel, bank, keys, store, rules, pinPad, clock, EventListener.NONE);
  }

  /** As above, telling {@code listener} of each request, each sale step and each wait on the card, bank and PIN pad. */
  public Checkout(CheckoutConfig config, CardSource cards, PaymentKernel kernel, BankClient bank,
      Supplier<WorkingKeys> keys, TransactionStore store, RulesInForce rules, PinPad pinPad, Clock clock,
      EventListener listener) {
    this.config = config;
    this.store = store;
    this.listener = Objects.requireNonNull(listener, "listener");
    CampaignUse campaignUse = new CampaignUse(store);
    Reversals reversals = new Reversals(bank, store, listener);
    OfflineIntentRecovery intents = new OfflineIntentRecovery(store);
    PanProtections pans = new PanProtections();
    Receipts receipts = new Receipts(config.merchantId());
    this.guard = new OfflineLimitGuard(config, store, clock);
    this.rows = new RequestRows(store, guard);
    CardFactsCache cardFacts = new CardFactsCache(config, bank, store, guard, clock, listener);
    this.recovery = new Recovery(store, rows, reversals, intents, cardFacts);
    CardWaits cardWaits = new CardWaits(config, cards, kernel, pans, listener);
    RecordStep record = new RecordStep(rows, receipts, campaignUse, reversals);
    this.sales = new SaleSteps(store, keys, guard, Arrays.<SaleSteps.Step>asList(
        new IdentifyStep(cardWaits, kernel, pans, recovery),
        new MemberStep(cardFacts),
        new PriceStep(config, new Pricing(config, rules, store, campaignUse), cardFacts, guard, clock),
        new CardDecisionStep(kernel, store, rows, intents, receipts, record),
        new VerifyCardholderStep(config, pinPad, rows, listener),
        new RecordIntentStep(rows),
        new AuthoriseStep(config, bank, kernel, rows, cardFacts, recovery, listener),
        new CompleteStep(kernel, store, rows, recovery),
        record), listener);
    this.refunds = new RefundsAndVoids(config, keys, store, rows, guard, cardWaits, pans, receipts, clock);
    this.balances = new BalanceQueries(keys, kernel, bank, cardWaits, pans, cardFacts, recovery, listener);
  }

  // ============================================================================================ the register's requests

  @Override
  public Result handle(EcrRequest request, Context context) throws Exception {
    RequestRows.Request rowsOfRequest = new RequestRows.Request();
    listener.requestStart(request.type());
    try {
      switch (request.type()) {
        case SALE:
          return sales.sale((Sale) request, context, rowsOfRequest);
        case REFUND:
          return refunds.refund((Refund) request, context, rowsOfRequest);
        case VOID:
          return refunds.voidSale((VoidSale) request, context, rowsOfRequest);
        case BALANCE:
          return balances.balance((BalanceQuery) request, context);
        default:
          return Result.of(request.type(), request.reference(), Outcome.FAILED, "ERR",
              request.type() + " is not done by the checkout");
      }
    } finally {
      rows.done(rowsOfRequest);
      listener.requestEnd(request.type());
    }
  }

  /**
   * The register's journal over the store (docs/ecr-protocol.md §9.5): a SALE, REFUND or VOID repeated with its
   * reference is answered with its stored result, also after a restart; other results are kept in memory.
   */
  public EcrJournal journal() {
    return new EcrJournal() {
      @Override
      public Result find(String reference) {
        Result r = recent.find(reference);
        if (r != null && r.outcome() != Outcome.UNKNOWN) {
          return r; // an unknown outcome is read from the store: the card may have resolved it since
        }
        try {
          for (TxType type : new TxType[] {TxType.SALE, TxType.REFUND, TxType.VOID}) {
            Optional<TxRecord> rec = store.byRegisterRef(type, reference);
            if (rec.isPresent() && !inProgress(rec.get().id()) && (!rec.get().state().isUnfinished()
                || OfflineIntentRecovery.waitsForCard(rec.get()))) {
              return StoredResults.of(rec.get()); // an offline sale of unknown outcome: UNKNOWN, never "not found"
            }
          }
        } catch (StoreException e) {
          LOG.warn("journal: cannot read the store: {}", e.getMessage());
        }
        return null;
      }

      @Override
      public void record(String reference, Result result) {
        recent.record(reference, result);
      }
    };
  }

  /**
   * Takes the offline risk limits from {@code limits} from now on (read once per sale), instead of the
   * configuration's: the daemon's signed terminal parameters, changed at run time.
   */
  public void offlineLimits(Supplier<OfflineLimits> limits) {
    guard.limits(limits);
  }

  /**
   * Finishes what an earlier run left: a {@code STARTED} checkout row is cancelled (nothing left the terminal), an
   * {@code AWAITING_BANK} one is marked {@code REVERSAL_NEEDED}, and every {@code REVERSAL_NEEDED} is reversed at
   * the bank. Call at start-up, and again from time to time while any remain.
   *
   * @return how many remain unfinished (the bank could not be reached for them)
   */
  public int recover() throws StoreException {
    return recovery.recover();
  }

  /**
   * Whether {@code id} is a row of the request running now (its intent, or its authorisation waiting for the bank's
   * answer): recovery and the {@link ReversalDriver} leave such a row to the request.
   */
  public boolean inProgress(String id) {
    return rows.inProgress(id);
  }

  /**
   * Told whenever an authorisation is left to be reversed later (no answer, or the bank did not confirm the
   * reversal): the daemon wakes its {@link ReversalDriver}.
   */
  public void onReversalPending(Runnable listener) {
    recovery.onReversalPending(listener);
  }

  @Override
  public String toString() {
    return "Checkout[" + config.merchantId() + "]";
  }
}
