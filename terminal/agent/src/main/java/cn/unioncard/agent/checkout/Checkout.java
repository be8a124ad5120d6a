package cn.unioncard.agent.checkout;

import cn.unioncard.agent.card.ApduTransport;
import cn.unioncard.agent.card.CardIoException;
import cn.unioncard.agent.card.ReaderIoException;
import cn.unioncard.agent.card.TransportException;
import cn.unioncard.agent.card.payment.CardDecision;
import cn.unioncard.agent.card.payment.CardIdentity;
import cn.unioncard.agent.card.payment.Completion;
import cn.unioncard.agent.card.payment.IssuerAnswer;
import cn.unioncard.agent.card.payment.PaymentKernel;
import cn.unioncard.agent.card.payment.Purchase;
import cn.unioncard.agent.ecr.EcrHandler;
import cn.unioncard.agent.ecr.EcrJournal;
import cn.unioncard.agent.ecr.InMemoryEcrJournal;
import cn.unioncard.agent.ecr.PinPad;
import cn.unioncard.agent.store.CardFacts;
import cn.unioncard.agent.store.NewTx;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.agent.store.UploadQueue;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.keys.PanProtection;
import cn.unioncard.bank.keys.WorkingKeys;
import cn.unioncard.bank.model.AuthorisationRequest;
import cn.unioncard.bank.model.AuthorisationResponse;
import cn.unioncard.bank.model.KeyAlgorithm;
import cn.unioncard.bank.model.Member;
import cn.unioncard.bank.model.ReversalReason;
import cn.unioncard.bank.model.ReversalResponse;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.AccountBalance;
import cn.unioncard.protocol.ecr.BalanceQuery;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.DiscountLine;
import cn.unioncard.protocol.ecr.EcrMessage;
import cn.unioncard.protocol.ecr.EcrRequest;
import cn.unioncard.protocol.ecr.FundingSource;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.PinKeyAlgorithm;
import cn.unioncard.protocol.ecr.PinResponse;
import cn.unioncard.protocol.ecr.Refund;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.protocol.ecr.Stage;
import cn.unioncard.protocol.ecr.VoidSale;
import cn.unioncard.protocol.emv.Pan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private static final ObjectMapper JSON = new ObjectMapper();

  // Reason codes the checkout sends the register (docs/checkout.md lists them with their outcome).
  static final String OK = "00";
  static final String CARD_REMOVED = "CR";
  static final String NOT_ACCEPTED = "NA";
  static final String NO_CARD = "TO";
  static final String CANCELLED = "CAN";
  static final String READER = "RDR";
  static final String DECLINED_BY_CARD = "DC";
  static final String PIN_CANCELLED = "PC";
  static final String PIN_PAD = "PT";
  static final String NO_BANK = "BNA";
  static final String BANK_REFUSED = "BNK";
  static final String STORE = "STO";
  static final String OFFLINE_LIMIT = "OFL";
  static final String NOT_SIGNED_ON = "KEY";
  static final String PENDING_REVERSAL = "REV";
  static final String FORMAT = "FMT";
  static final String ORIGINAL_NOT_FOUND = "ONF";
  static final String TOO_MUCH = "RX";
  static final String NOT_VOIDABLE = "NV";
  static final String WRONG_CARD = "WC";

  /** Where the time of the last request went, in nanoseconds (the benchmark's figures). */
  public record Timings(long totalNanos, long cardNanos, long bankNanos, long pinNanos, long storeNanos,
      int storeWrites) {
    /** The agent's own time: everything but waiting on the card, the bank, the PIN pad and the store. */
    public long ownNanos() {
      return totalNanos - cardNanos - bankNanos - pinNanos - storeNanos;
    }
  }

  /** The time of one request, per party. */
  private static final class Run {
    final long start = System.nanoTime();
    long card;
    long bank;
    long pin;
    long store;
    int writes;
    /** The rows this request began (recovery leaves them alone while it runs). */
    final List<String> rows = new ArrayList<>(2);
  }

  private final CheckoutConfig config;
  /** The offline risk limits in force: the configuration's, or the signed terminal parameters' (see below). */
  private volatile Supplier<OfflineLimits> offlineLimits;
  private final CardSource cards;
  private final PaymentKernel kernel;
  private final BankClient bank;
  private final Supplier<WorkingKeys> keys;
  private final TransactionStore store;
  private final RulesInForce rules;
  private final PinPad pinPad;
  private final Clock clock;
  private final InMemoryEcrJournal recent = new InMemoryEcrJournal(1_000);
  private final Reversals reversals;
  private final OfflineIntentRecovery intents;
  /** The rows of the request running now ({@link #inProgress}). */
  private final java.util.Set<String> inProgress = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile Runnable reversalPending = () -> { };
  private final Map<String, CachedMember> members = lru(100_000);
  private final Map<String, KnownBalance> balances = lru(100_000);
  private final CampaignUse campaignUse;
  private volatile Timings last = new Timings(0, 0, 0, 0, 0, 0);
  /** The PAN protection of the keys in use, made once per sign-on (it holds its own random source). */
  private volatile KeyedProtection protection;

  private record KeyedProtection(WorkingKeys keys, PanProtection protection) {}

  /** A member look-up (or "not a member": category null) and when it was made. */
  private record CachedMember(String category, Instant at) {}

  /** The benefit balance the bank last told, and when. */
  private record KnownBalance(long fen, Instant at) {}

  /** A balance the bank tells again unchanged within this time is not written again. */
  private static final java.time.Duration BALANCE_REWRITE = java.time.Duration.ofMinutes(1);
  /** Card facts (member look-ups, balances) older than this are forgotten by {@link #recover()}. */
  static final java.time.Duration CARD_FACTS_KEPT = java.time.Duration.ofDays(31);

  /**
   * @param keys the working keys of the last sign-on (null before the first: then nothing can be paid)
   * @param pinPad the PIN pad, or null when the terminal has none (then a sale above the no-PIN limit fails)
   */
  public Checkout(CheckoutConfig config, CardSource cards, PaymentKernel kernel, BankClient bank,
      Supplier<WorkingKeys> keys, TransactionStore store, RulesInForce rules, PinPad pinPad, Clock clock) {
    this.config = config;
    this.cards = cards;
    this.kernel = kernel;
    this.bank = bank;
    this.keys = keys;
    this.store = store;
    this.campaignUse = new CampaignUse(store);
    this.rules = rules;
    this.pinPad = pinPad;
    this.clock = clock;
    this.offlineLimits = config::offline;
    this.reversals = new Reversals(bank, store);
    this.intents = new OfflineIntentRecovery(store);
  }

  /** The time the last request took, per party. */
  public Timings lastTimings() {
    return last;
  }

  // ============================================================================================ the register's requests

  @Override
  public Result handle(EcrRequest request, Context context) throws Exception {
    Run run = new Run();
    try {
      switch (request.type()) {
        case SALE:
          return sale((Sale) request, context, run);
        case REFUND:
          return refund((Refund) request, context, run);
        case VOID:
          return voidSale((VoidSale) request, context, run);
        case BALANCE:
          return balance((BalanceQuery) request, context, run);
        default:
          return Result.of(request.type(), request.reference(), Outcome.FAILED, "ERR",
              request.type() + " is not done by the checkout");
      }
    } finally {
      inProgress.removeAll(run.rows);
      last = new Timings(System.nanoTime() - run.start, run.card, run.bank, run.pin, run.store, run.writes);
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
              return storedResult(rec.get()); // an offline sale of unknown outcome: UNKNOWN, never "not found"
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

  // ============================================================================================ SALE

  private Result sale(Sale s, Context ctx, Run run) throws InterruptedException {
    MessageType type = MessageType.SALE;
    String ref = s.reference();
    Optional<TxRecord> earlier;
    try {
      earlier = store.byRegisterRef(TxType.SALE, ref);
    } catch (StoreException e) {
      return answer(type, ref, Outcome.DECLINED, STORE, "the terminal cannot read its store; nothing charged");
    }
    if (earlier.isPresent()) {
      LOG.info("SALE {} was done before as {}: not charged again", ref, earlier.get().id());
      return storedResult(earlier.get());
    }
    List<BasketItem> basket = new ArrayList<>();
    long rest = basket(s.items(), s.amount(), basket);
    if (rest < 0) {
      return answer(type, ref, Outcome.FAILED, FORMAT,
          "the items add up to more than the AMOUNT " + Money.yuan(s.amount()));
    }
    WorkingKeys k = keys.get();
    if (k == null) {
      return answer(type, ref, Outcome.FAILED, NOT_SIGNED_ON, "the terminal is not signed on with the bank");
    }
    String over = overOfflineLimit();
    if (over != null) {
      return answer(type, ref, Outcome.DECLINED, OFFLINE_LIMIT, over);
    }

    Presented tap = awaitCard(type, ref, ctx, run, "请出示会员卡 present the card", "; nothing charged");
    if (tap.failure() != null) {
      return tap.failure();
    }
    ApduTransport card = tap.card();
    // the card first, without an amount: the member is known before the price (docs/checkout.md, The card)
    CardIdentity id;
    CardDecision d = null;
    try {
      id = kernel.identify(card, tap.contactless());
      if (!id.refused() && id.pan() == null) {
        // a card that gives its PAN only after its processing options: a first pass at the list price
        d = kernel.authorise(card, id, new Purchase(s.amount(), true, tap.contactless()));
      }
    } catch (CardIoException e) {
      return answer(type, ref, Outcome.FAILED, CARD_REMOVED, "card removed, tap again");
    } catch (TransportException e) {
      return answer(type, ref, Outcome.FAILED, READER, "the card reader failed; nothing charged");
    }
    if (id.refused() || (d != null && (d.kind() == CardDecision.Kind.REFUSED || d.pan() == null))) {
      LOG.info("SALE {}: card not accepted ({})", ref, id.refused() ? id.reason() : d.reason());
      return answer(type, ref, Outcome.DECLINED, NOT_ACCEPTED, "card not accepted");
    }
    Pan pan = d != null ? d.pan() : id.pan();
    PanProtection protection = protection(k);
    String cardRef = protection.panHash(pan);
    final CardDecision firstPass = d;
    boolean finished;
    try {
      // an offline sale of this card whose outcome is not known: the card's counter now (a first pass at the list
      // price has counted one transaction already: its ATC less one) and the balance read before it
      finished = finishUnfinished(cardRef, run, () -> new OfflineIntent.CardNow(firstPass != null
          ? OfflineIntent.atcBefore(firstPass.iccData()) : OfflineIntent.readAtc(card), id.ecBalanceFen()));
    } catch (CardIoException e) {
      return answer(type, ref, Outcome.FAILED, CARD_REMOVED, "card removed, tap again");
    } catch (TransportException e) {
      return answer(type, ref, Outcome.FAILED, READER, "the card reader failed; nothing charged");
    }
    if (!finished) {
      return answer(type, ref, Outcome.FAILED, PENDING_REVERSAL,
          "an earlier payment of this card is still being reversed; try again when the bank answers");
    }

    // the member, the price, the split
    String category = id.member() != null
        ? id.member().category().name().toLowerCase(Locale.ROOT)
        : member(cardRef, run);
    Instant now = clock.instant();
    LocalDate today = today();
    DiscountRules.Priced priced = price(basket, rest, category, now, cardRef, today);
    long paid = priced.paidFen();
    long benefit = 0;
    if (category != null && !s.debitOnly() && priced.benefitEligibleFen() > 0) {
      benefit = Math.min(priced.benefitEligibleFen(), benefitAvailable(cardRef, run));
    }
    long debit = paid - benefit;
    OfflineLimits limits = offlineLimits.get();
    boolean offlineAllowed = benefit == 0 && limits.maxOfflineSaleFen() > 0 && paid <= limits.maxOfflineSaleFen()
        && id.ecBalanceFen() != null && id.ecBalanceFen() >= paid;
    TxRecord rec = null;
    if (d == null || paid != s.amount() || offlineAllowed) {
      // the card's cryptogram covers the amount (9F02 in the PDOL and CDOL1): asked once, for what the member pays;
      // only a card that hid its PAN until its processing options is asked a second time (docs/checkout.md)
      if (ctx.cancelRequested()) {
        return answer(type, ref, Outcome.CANCELLED, CANCELLED, "cancelled; nothing charged");
      }
      if (offlineAllowed) {
        // the card may take its electronic cash at this command: the intent is durable first (step 8a)
        try {
          Integer atc = OfflineIntent.readAtc(card);
          rec = offlineIntent(run, ref, today, paid, cardRef, pan, protection, atc, id, tap.contactless(), priced,
              basket, category);
        } catch (CardIoException e) {
          return answer(type, ref, Outcome.FAILED, CARD_REMOVED, "card removed, tap again");
        } catch (TransportException e) {
          return answer(type, ref, Outcome.FAILED, READER, "the card reader failed; nothing charged");
        } catch (StoreException e) {
          return intentFailure(type, ref, e);
        }
      }
      CardDecision again;
      try {
        Purchase p = new Purchase(paid, !offlineAllowed, tap.contactless());
        again = d == null ? kernel.authorise(card, id, p) : kernel.begin(card, p);
      } catch (TransportException e) {
        if (rec != null) {
          // the card may have paid before it left: the card's next tap tells (never "nothing charged")
          LOG.warn("SALE {} {}: the card left during its offline decision: outcome unknown until it is presented "
              + "again", ref, rec.id());
          return OfflineIntentRecovery.unknown(rec);
        }
        return e instanceof CardIoException
            ? answer(type, ref, Outcome.FAILED, CARD_REMOVED, "card removed, tap again")
            : answer(type, ref, Outcome.FAILED, READER, "the card reader failed; nothing charged");
      }
      if (again.kind() == CardDecision.Kind.REFUSED || !pan.equals(again.pan())) {
        LOG.info("SALE {}: card not accepted ({})", ref, again.reason());
        if (rec != null) {
          return refusedAfterIntent(type, ref, rec, card);
        }
        return answer(type, ref, Outcome.DECLINED, NOT_ACCEPTED, "card not accepted");
      }
      d = again;
    }

    // the intent (an offline sale's is written above, before the card's command)
    if (rec == null) {
      try {
        rec = begin(run, NewTx.of(TxType.SALE, today).registerRef(ref).amount(paid).card(cardRef, null));
      } catch (StoreException e) {
        return intentFailure(type, ref, e);
      }
    }
    final TxState begun = rec.state();
    byte[] panEncrypted = encrypted(protection, pan, rec.id());
    TxChange cardChange = TxChange.none().card(cardRef, panEncrypted);

    if (d.kind() == CardDecision.Kind.DECLINED) {
      return close(run, rec, begun, TxState.DECLINED, "declined_by_card",
          answer(type, ref, Outcome.DECLINED, DECLINED_BY_CARD, "declined by the card"), null);
    }
    if (d.kind() == CardDecision.Kind.OFFLINE_APPROVED) {
      Result approved = approvedSale(ref, rec.id(), priced, basket, 0, 0, paid, pan, null, category);
      ObjectNode detail = detail(approved, priced, category, d);
      detail.put("icc_data", Hex.encode(d.iccData()));
      try {
        move(run, rec.id(), begun, TxState.APPROVED, cardChange.funding(0, 0, paid, 0)
            .discountFunding(priced.merchantFen(), priced.bankFen(), 0).detail(detail.toString()));
      } catch (StoreException e) {
        // the card took its electronic cash: the intent stays AWAITING_CARD, and the card's next tap tells
        LOG.warn("SALE {}: the approval of {} cannot be stored ({}): outcome unknown until the card is presented "
            + "again", ref, rec.id(), e.getMessage());
        return OfflineIntentRecovery.unknown(rec);
      }
      campaignUse.given(priced);
      return approved;
    }

    // online: the PIN above the no-PIN limit, or when the card asks for it
    String pinBlock = null;
    if (paid > config.noPinLimitFen() || d.onlinePinRequired()) {
      if (pinPad == null) {
        return close(run, rec, begun, TxState.CANCELLED, "no_pin_pad",
            answer(type, ref, Outcome.FAILED, PIN_PAD, "a PIN is needed and the terminal has no PIN pad"), null);
      }
      ctx.progress(Stage.PIN_ENTRY, "请输入密码 enter the PIN");
      PinKeyAlgorithm algorithm = k.algorithm() == KeyAlgorithm.SM4 ? PinKeyAlgorithm.SM4 : PinKeyAlgorithm.TDEA;
      PinResponse pin;
      long t0 = System.nanoTime();
      try {
        pin = pinPad.requestPin(pan.digits(), paid, algorithm, config.pinTimeoutSeconds());
      } catch (IOException e) {
        LOG.warn("SALE {}: PIN pad: {}", ref, e.getMessage());
        return close(run, rec, begun, TxState.CANCELLED, "pin_pad_silent",
            answer(type, ref, Outcome.FAILED, PIN_PAD, "the PIN pad does not answer; nothing charged"), null);
      } finally {
        run.pin += System.nanoTime() - t0;
      }
      switch (pin.status()) {
        case ENTERED:
          pinBlock = Hex.encode(pin.pinBlock());
          break;
        case CANCELLED:
          return close(run, rec, begun, TxState.CANCELLED, "pin_cancelled",
              answer(type, ref, Outcome.CANCELLED, PIN_CANCELLED, "PIN entry cancelled; nothing charged"), null);
        default:
          return close(run, rec, begun, TxState.CANCELLED, "pin_timeout",
              answer(type, ref, Outcome.FAILED, PIN_PAD, "no PIN entered in time; nothing charged"), null);
      }
    }
    if (ctx.cancelRequested()) {
      return close(run, rec, begun, TxState.CANCELLED, "cancelled",
          answer(type, ref, Outcome.CANCELLED, CANCELLED, "cancelled; nothing charged"), null);
    }
    try {
      move(run, rec.id(), begun, TxState.AWAITING_BANK, cardChange.funding(benefit, debit, 0, 0)
          .discountFunding(priced.merchantFen(), priced.bankFen(), 0)
          .detail(detail(null, priced, category, d).toString()));
    } catch (StoreException e) {
      cancelQuietly(rec, begun, "store_failed");
      return storeFailure(type, ref, e);
    }

    // the bank
    ctx.progress(Stage.ASKING_BANK, "正在联系银行 asking the bank");
    AuthorisationResponse a;
    long t0 = System.nanoTime();
    try {
      a = bank.authorise(new AuthorisationRequest(rec.id(), config.merchantId(), cardRef, Hex.encode(panEncrypted),
          paid, benefit, debit, "156", Hex.encode(d.iccData()), pinBlock));
    } catch (BankException e) {
      run.bank += System.nanoTime() - t0;
      completeQuietly(card, d, IssuerAnswer.unreachable(), run);
      if (answeredWithoutMoney(e.kind())) {
        LOG.warn("SALE {} {}: the bank refused the request: {}", ref, rec.id(), e.getMessage());
        return close(run, rec, TxState.AWAITING_BANK, TxState.DECLINED, "bank_" + e.kind().name().toLowerCase(Locale.ROOT),
            answer(type, ref, Outcome.DECLINED, BANK_REFUSED, "the bank refused the request; nothing charged"), null);
      }
      LOG.warn("SALE {} {}: no answer from the bank: {}", ref, rec.id(), e.getMessage());
      try {
        move(run, rec.id(), TxState.AWAITING_BANK, TxState.REVERSAL_NEEDED,
            TxChange.none().reason(ReversalReason.NO_ANSWER.name().toLowerCase(Locale.ROOT)));
      } catch (StoreException s2) {
        LOG.warn("SALE {}: {} stays AWAITING_BANK (recovery reverses it): {}", ref, rec.id(), s2.getMessage());
      }
      reversalPending.run();
      return answer(type, ref, Outcome.FAILED, NO_BANK,
          "no answer from the bank; nothing charged (the payment is reversed)").withCharges(rec.id(), 0, Collections.<Charge>emptyList());
    }
    run.bank += System.nanoTime() - t0;
    if (a.benefitBalanceFen() != null) {
      rememberBalance(cardRef, a.benefitBalanceFen(), run);
    }
    Completion c;
    try {
      c = kernel.complete(card, d, new IssuerAnswer(a.approved(), Hex.of(a.arc()), Hex.of(a.arpc())));
    } catch (TransportException e) {
      c = null;
    }
    if (!a.approved()) {
      String reason = a.reason();
      return close(run, rec, TxState.AWAITING_BANK, TxState.DECLINED, reason,
          answer(type, ref, Outcome.DECLINED, arcCode(a.arc()), bankReasonText(reason)), null);
    }
    if (c == null || !c.approved()) {
      // the bank holds the money but the card did not finish: undo it now
      String why = c == null ? "card_removed" : "declined_by_card";
      try {
        move(run, rec.id(), TxState.AWAITING_BANK, TxState.REVERSAL_NEEDED, TxChange.none().reason(why));
        reverse(store.get(rec.id()).get(), run);
      } catch (StoreException e) {
        LOG.warn("SALE {}: {} stays AWAITING_BANK (recovery reverses it): {}", ref, rec.id(), e.getMessage());
      }
      return c == null
          ? answer(type, ref, Outcome.FAILED, CARD_REMOVED, "card removed, tap again")
          : answer(type, ref, Outcome.DECLINED, DECLINED_BY_CARD, "declined by the card; nothing charged");
    }
    Result approved = approvedSale(ref, rec.id(), priced, basket, a.benefitFen(), a.debitFen(), 0, pan,
        a.authCode(), category);
    try {
      move(run, rec.id(), TxState.AWAITING_BANK, TxState.APPROVED,
          TxChange.none().funding(a.benefitFen(), a.debitFen(), 0, 0)
              .discountFunding(priced.merchantFen(), priced.bankFen(), 0).authCode(a.authCode())
              .detail(detail(approved, priced, category, d).toString()));
    } catch (StoreException e) {
      // never approve what cannot be stored: undo the authorisation
      LOG.warn("SALE {}: approval of {} cannot be stored ({}): reversing it", ref, rec.id(), e.getMessage());
      TxRecord r = new TxRecord(rec.id(), rec.seq(), TxType.SALE, TxState.AWAITING_BANK, today, now, now, ref,
          cardRef, null, paid, benefit, debit, 0, 0, 0, 0, 0, null, null, "store_failed", null, null, 0, null);
      reverseCall(r, ReversalReason.NO_ANSWER, run);
      return storeFailure(type, ref, e);
    }
    campaignUse.given(priced);
    return approved;
  }

  /**
   * An offline sale's intent, durable before the card's command that may take its electronic cash: the row
   * {@code AWAITING_CARD} with the card's ATC and e-cash balance before it, the amount, the card, the discount
   * funding and the RESULT it gets if the card pays (docs/checkout.md, step 8a).
   */
  private TxRecord offlineIntent(Run run, String ref, LocalDate today, long paid, String cardRef, Pan pan,
      PanProtection protection, Integer atc, CardIdentity id, boolean contactless, DiscountRules.Priced priced,
      List<BasketItem> basket, String category) throws StoreException {
    TxRecord rec = begin(run, NewTx.of(TxType.SALE, today).registerRef(ref).amount(paid).card(cardRef, null));
    try {
      ObjectNode detail = detail(null, priced, category, null);
      detail.put("aid", id.aid());
      detail.put("contactless", contactless);
      ObjectNode intent = OfflineIntent.detail(atc, id.ecBalanceFen(), paid);
      ((ObjectNode) intent.get(OfflineIntent.FIELD)).put(OfflineIntentRecovery.APPROVED_RESULT,
          Hex.encode(approvedSale(ref, rec.id(), priced, basket, 0, 0, paid, pan, null, category).encode()));
      detail.setAll(intent);
      return move(run, rec.id(), TxState.STARTED, TxState.AWAITING_CARD, TxChange.none()
          .card(cardRef, encrypted(protection, pan, rec.id()))
          .discountFunding(priced.merchantFen(), priced.bankFen(), 0).detail(detail.toString()));
    } catch (StoreException e) {
      cancelQuietly(rec, "store_failed"); // nothing was sent to the card yet
      throw e;
    }
  }

  /** The answer when the sale's intent cannot be written: the first result of a repeated reference, or STO. */
  private Result intentFailure(MessageType type, String ref, StoreException e) {
    if (e.kind() == StoreException.Kind.CONFLICT) {
      try {
        Optional<TxRecord> r = store.byRegisterRef(TxType.SALE, ref);
        if (r.isPresent()) {
          return storedResult(r.get());
        }
      } catch (StoreException ignored) {
        // answered below
      }
    }
    return storeFailure(type, ref, e);
  }

  /**
   * The card's offline decision was refused (malformed, or another card) after the intent: the card, still in the
   * field, is asked whether it paid. Provably not: the row {@code CANCELLED}, DECLINED {@code NA}; otherwise the
   * outcome stays unknown until the card is presented again.
   */
  private Result refusedAfterIntent(MessageType type, String ref, TxRecord rec, ApduTransport card) {
    try {
      OfflineIntent.Verdict v = intents.resolve(rec, OfflineIntent.readNow(card));
      if (v == OfflineIntent.Verdict.NOT_DEBITED) {
        return answer(type, ref, Outcome.DECLINED, NOT_ACCEPTED, "card not accepted")
            .withCharges(rec.id(), 0, Collections.<Charge>emptyList());
      }
    } catch (TransportException | StoreException e) {
      LOG.warn("SALE {} {}: cannot tell whether the card paid: {}", ref, rec.id(), e.getMessage());
    }
    return storedResultOf(rec.id(), rec);
  }

  /** The stored result of row {@code id} as it is now (or of {@code fallback} when it cannot be read). */
  private Result storedResultOf(String id, TxRecord fallback) {
    try {
      return storedResult(store.get(id).orElse(fallback));
    } catch (StoreException e) {
      return storedResult(fallback);
    }
  }

  /** The register's items as basket lines; returns the amount not itemised (negative: the items are too much). */
  static long basket(List<Item> items, long amount, List<BasketItem> out) {
    long sum = 0;
    for (Item i : items) {
      boolean whole = i.quantityMilli() > 0 && i.quantityMilli() % 1000 == 0 && i.quantityMilli() / 1000 <= 1_000_000;
      // a quantity in whole units prices per unit; a weight (2.5 kg) is one unit at its line amount
      out.add(whole
          ? new BasketItem(i.code(), i.name(), i.category(), (int) (i.quantityMilli() / 1000), i.unitPrice(),
              i.lineAmount())
          : new BasketItem(i.code(), i.name(), i.category(), 1, i.lineAmount(), i.lineAmount()));
      sum += i.lineAmount();
    }
    return amount - sum;
  }

  private DiscountRules.Priced price(List<BasketItem> basket, long rest, String category, Instant now,
      String cardRef, LocalDate today) {
    DiscountRules r = rules.current();
    DiscountRules.Priced p;
    if (r == null || category == null) {
      List<DiscountRules.PricedLine> lines = new ArrayList<>();
      long sum = 0;
      for (BasketItem i : basket) {
        lines.add(new DiscountRules.PricedLine(i, Collections.<DiscountRules.Discount>emptyList(), i.lineFen(), true));
        sum += i.lineFen();
      }
      p = new DiscountRules.Priced(lines, sum, 0, sum, sum, 0, 0);
    } else {
      p = r.price(basket, config.merchantId(), config.merchantGroups(), category, now, usage(r, cardRef, today));
    }
    // what the register did not itemise is paid at its price, and the benefit may pay it
    return new DiscountRules.Priced(p.lines(), p.listFen() + rest, p.discountFen(), p.paidFen() + rest,
        p.benefitEligibleFen() + rest, p.merchantFen(), p.bankFen());
  }

  /**
   * The member's discounts so far this day and month, per rule, from this terminal's store. Read on first use: only
   * a rule with a per-member limit asks, so a basket no such rule touches costs no query.
   */
  private DiscountRules.Usage usage(DiscountRules rulesInForce, String cardRef, LocalDate today) {
    return new DiscountRules.Usage() {
      private Map<String, long[]> used;

      private long[] of(String ruleId) {
        if (used == null) {
          used = read(cardRef, today);
        }
        long[] u = used.get(ruleId);
        return u == null ? new long[2] : u;
      }

      @Override
      public long memberDayFen(String ruleId) {
        return of(ruleId)[0];
      }

      @Override
      public long memberMonthFen(String ruleId) {
        return of(ruleId)[1];
      }

      @Override
      public long budgetUsedFen(String ruleId) {
        // this terminal's own use since the document counted the budget left (docs/checkout.md, Campaign budgets)
        for (DiscountRule rule : rulesInForce.rules()) {
          if (rule.id().equals(ruleId)) {
            return campaignUse.used(rule);
          }
        }
        return CampaignUse.UNKNOWN;
      }
    };
  }

  /** Per rule: {day, month} discount given to the card, or every limit used up when the store cannot be read. */
  private Map<String, long[]> read(String cardRef, LocalDate today) {
    Map<String, long[]> used = new HashMap<>();
    try {
      for (TxRecord r : store.approvedSalesOfCard(cardRef, today.withDayOfMonth(1))) {
        for (JsonNode d : readDetail(r).path("discounts")) {
          long[] u = used.computeIfAbsent(d.path("rule").asText(), x -> new long[2]);
          u[1] += d.path("fen").asLong();
          if (r.businessDate().equals(today)) {
            u[0] += d.path("fen").asLong();
          }
        }
      }
      return used;
    } catch (StoreException e) {
      LOG.warn("discount use of the card cannot be read: {}; its per-member limits count as used up", e.getMessage());
      final long all = Long.MAX_VALUE / 4;
      return new HashMap<String, long[]>() {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] get(Object key) {
          return new long[] {all, all};
        }
      };
    }
  }

  /** The member category of a card by its PAN hash: the cache within its time to live, else the bank. */
  private String member(String cardRef, Run run) {
    Instant now = clock.instant();
    CachedMember m;
    synchronized (members) {
      m = members.get(cardRef);
    }
    if (m == null) {
      m = storedMember(cardRef, run);
    }
    if (m != null && m.at().plus(config.memberCacheTtl()).isAfter(now)) {
      return m.category();
    }
    long t0 = System.nanoTime();
    try {
      Optional<Member> found = bank.lookupMember(cardRef);
      String category = found.isPresent() && !found.get().validUntil().isBefore(today())
          ? found.get().category().name().toLowerCase(Locale.ROOT)
          : null;
      synchronized (members) {
        members.put(cardRef, new CachedMember(category, now));
      }
      long s0 = System.nanoTime();
      try {
        store.cardFacts().rememberMember(cardRef, category, now);
      } catch (StoreException e) {
        LOG.warn("the member look-up is kept in memory only: {}", e.getMessage());
      } finally {
        long dt = System.nanoTime() - s0;
        run.store += dt;
        run.bank -= dt; // counted below with the look-up's time
      }
      return category;
    } catch (BankException e) {
      LOG.info("member look-up failed ({}): {}", e.kind(), m == null ? "paid as a non-member" : "too old to use");
      return null;
    } finally {
      run.bank += System.nanoTime() - t0;
    }
  }

  /** What the benefit account can pay: its balance at the bank, or offline the last known one within the limit. */
  private long benefitAvailable(String cardRef, Run run) {
    long t0 = System.nanoTime();
    long fen;
    try {
      fen = bank.benefitBalance(cardRef).balanceFen();
    } catch (BankException e) {
      if (e.kind() == BankException.Kind.NOT_FOUND) {
        return 0;
      }
      KnownBalance k = knownBalance(cardRef, run);
      return k == null ? 0 : Math.min(k.fen(), offlineLimits.get().maxOfflineBenefitFen());
    } finally {
      run.bank += System.nanoTime() - t0;
    }
    rememberBalance(cardRef, fen, run);
    return fen;
  }

  /** The member look-up kept in the store (from before a restart), into the memory cache; null when none. */
  private CachedMember storedMember(String cardRef, Run run) {
    long t0 = System.nanoTime();
    try {
      Optional<CardFacts> f = store.cardFacts().get(cardRef);
      if (!f.isPresent() || f.get().memberAt() == null) {
        return null;
      }
      CachedMember m = new CachedMember(f.get().memberCategory(), f.get().memberAt());
      synchronized (members) {
        members.putIfAbsent(cardRef, m);
      }
      return m;
    } catch (StoreException e) {
      LOG.warn("the kept member look-ups cannot be read: {}", e.getMessage());
      return null;
    } finally {
      run.store += System.nanoTime() - t0;
    }
  }

  /** The last benefit balance the bank told for the card: in memory, else kept in the store; null when none. */
  private KnownBalance knownBalance(String cardRef, Run run) {
    KnownBalance k = balances.get(cardRef);
    if (k != null) {
      return k;
    }
    long t0 = System.nanoTime();
    try {
      Optional<CardFacts> f = store.cardFacts().get(cardRef);
      if (!f.isPresent() || f.get().benefitFen() == null) {
        return null;
      }
      k = new KnownBalance(f.get().benefitFen(), f.get().benefitAt());
      balances.putIfAbsent(cardRef, k);
      return k;
    } catch (StoreException e) {
      LOG.warn("the kept benefit balances cannot be read: {}", e.getMessage());
      return null;
    } finally {
      run.store += System.nanoTime() - t0;
    }
  }

  /** Keeps the benefit balance the bank told, in memory and in the store (so a restart keeps it). */
  private void rememberBalance(String cardRef, long fen, Run run) {
    Instant now = clock.instant();
    KnownBalance before = balances.put(cardRef, new KnownBalance(fen, now));
    if (before != null && before.fen() == fen && before.at().plus(BALANCE_REWRITE).isAfter(now)) {
      return; // the store has it already (a repeated balance within the minute costs no write)
    }
    long t0 = System.nanoTime();
    try {
      store.cardFacts().rememberBenefitBalance(cardRef, fen, now);
    } catch (StoreException e) {
      LOG.warn("the benefit balance is kept in memory only: {}", e.getMessage());
    } finally {
      run.store += System.nanoTime() - t0; // a cache write, not a durable commit: not in run.writes
    }
  }

  /** How long the store's count of pending records is used, counted on, before it is read again. */
  static final long PENDING_REREAD_NANOS = 30_000_000_000L;

  private final Object pendingLock = new Object();
  private UploadQueue.Pending pendingRead;
  private long pendingReadNanos;
  private long pendingAddedCount;
  private long pendingAddedFen;
  private long pendingAddedBenefitFen;
  private long pendingAddedDebitFen;
  private long pendingAddedEcashFen;
  private Instant pendingAddedOldest;

  /**
   * The records waiting for the bank: the store's count ({@code UploadQueue.pending()}, a scan of every pending
   * row) read at most every 30 s, plus every record this checkout began since. Only the settlement worker lowers the
   * count, so the running figure errs high; a limit it says is reached is checked on a fresh read.
   */
  private UploadQueue.Pending pendingView(boolean fresh) throws StoreException {
    synchronized (pendingLock) {
      if (fresh || pendingRead == null || System.nanoTime() - pendingReadNanos > PENDING_REREAD_NANOS) {
        pendingRead = store.uploads().pending();
        pendingReadNanos = System.nanoTime();
        pendingAddedCount = 0;
        pendingAddedFen = 0;
        pendingAddedBenefitFen = 0;
        pendingAddedDebitFen = 0;
        pendingAddedEcashFen = 0;
        pendingAddedOldest = null;
        return pendingRead;
      }
      UploadQueue.Pending p = pendingRead;
      Instant oldest = p.oldest() != null ? p.oldest() : pendingAddedOldest;
      return new UploadQueue.Pending(p.count() + pendingAddedCount, p.amountFen() + pendingAddedFen,
          p.benefitFen() + pendingAddedBenefitFen, p.debitFen() + pendingAddedDebitFen,
          p.ecashFen() + pendingAddedEcashFen, oldest);
    }
  }

  /**
   * Counts a record begun by this checkout into the running figure of {@link #pendingView}. Its split between the
   * accounts is decided later (by the bank or the card), so its whole amount counts against each account: the running
   * figure errs high, and a limit it says is reached is checked on a fresh read.
   */
  private void pendingAdded(TxRecord r) {
    synchronized (pendingLock) {
      pendingAddedCount++;
      pendingAddedFen += r.amountFen();
      pendingAddedBenefitFen += r.amountFen();
      pendingAddedDebitFen += r.amountFen();
      pendingAddedEcashFen += r.amountFen();
      if (pendingAddedOldest == null) {
        pendingAddedOldest = clock.instant();
      }
    }
  }

  private String overOfflineLimit() {
    OfflineLimits l = offlineLimits.get();
    if (l.noPendingLimit()) {
      return null;
    }
    try {
      String over = overOfflineLimit(l, pendingView(false));
      // a decline is decided on the store's own count, never on the running one
      return over == null ? null : overOfflineLimit(l, pendingView(true));
    } catch (StoreException e) {
      return "the terminal cannot read its store; nothing charged";
    }
  }

  /** The first limit of {@code l} that the pending records {@code p} reach, in words, or null. */
  private String overOfflineLimit(OfflineLimits l, UploadQueue.Pending p) {
    if (l.maxPendingCount() > 0 && p.count() >= l.maxPendingCount()) {
      return "offline limit: " + p.count() + " records wait for the bank (at most " + l.maxPendingCount() + ")";
    }
    if (l.maxPendingFen() > 0 && p.amountFen() >= l.maxPendingFen()) {
      return "offline limit: " + Money.yuan(p.amountFen()) + " yuan waits for the bank (at most "
          + Money.yuan(l.maxPendingFen()) + ")";
    }
    String account = overAccountLimit("benefit", p.benefitFen(), l.maxPendingBenefitFen());
    account = account != null ? account : overAccountLimit("debit", p.debitFen(), l.maxPendingDebitFen());
    account = account != null ? account : overAccountLimit("electronic cash", p.ecashFen(), l.maxPendingEcashFen());
    if (account != null) {
      return account;
    }
    if (!l.maxOldestPending().isZero() && p.oldest() != null
        && p.oldest().plus(l.maxOldestPending()).isBefore(clock.instant())) {
      return "offline limit: a record has waited for the bank since " + p.oldest() + " (at most "
          + l.maxOldestPending().toHours() + " h)";
    }
    return null;
  }

  private static String overAccountLimit(String account, long pendingFen, long maxFen) {
    if (maxFen > 0 && pendingFen >= maxFen) {
      return "offline limit: " + Money.yuan(pendingFen) + " yuan of " + account + " waits for the bank (at most "
          + Money.yuan(maxFen) + ")";
    }
    return null;
  }

  /**
   * Takes the offline risk limits from {@code limits} from now on (read once per sale), instead of the
   * configuration's: the daemon's signed terminal parameters, changed at run time.
   */
  public void offlineLimits(Supplier<OfflineLimits> limits) {
    this.offlineLimits = java.util.Objects.requireNonNull(limits, "limits");
  }

  private Result approvedSale(String ref, String id, DiscountRules.Priced priced, List<BasketItem> basket,
      long benefit, long debit, long ecash, Pan pan, String authCode, String category) {
    List<Charge> charges = charges(benefit, debit, ecash);
    List<DiscountLine> discounts = new ArrayList<>();
    List<String> receipt = new ArrayList<>();
    receipt.add("商户 " + config.merchantId() + " 消费 SALE");
    for (DiscountRules.PricedLine line : priced.lines()) {
      receipt.add(line.item().name() + " " + Money.yuan(line.item().lineFen()));
      for (DiscountRules.Discount d : line.discounts()) {
        receipt.add("  " + d.description() + " -" + Money.yuan(d.fen()) + fundingText(d));
        if (d.merchantFen() > 0) {
          discounts.add(new DiscountLine(d.ruleId(), d.description(), d.merchantFen(), FundingSource.MERCHANT));
        }
        if (d.bankFen() > 0) {
          discounts.add(new DiscountLine(d.ruleId(), d.description(), d.bankFen(), FundingSource.BANK));
        }
      }
    }
    long itemised = 0;
    for (BasketItem b : basket) {
      itemised += b.lineFen();
    }
    if (priced.listFen() > itemised) {
      receipt.add("其他 other " + Money.yuan(priced.listFen() - itemised));
    }
    if (priced.discountFen() > 0) {
      receipt.add("会员优惠 member discount -" + Money.yuan(priced.discountFen()));
    }
    receipt.add("合计 TOTAL " + Money.yuan(priced.paidFen()));
    accountLines(receipt, benefit, debit, ecash);
    receipt.add("卡号 " + pan.masked() + (category == null ? "" : " 会员 " + category));
    receipt.add("交易号 " + id);
    if (authCode != null) {
      receipt.add("授权码 " + authCode);
    }
    return Result.of(MessageType.SALE, ref, Outcome.APPROVED, OK, "批准 approved")
        .withCharges(id, benefit + debit + ecash, charges).withDiscounts(discounts).withReceipt(receipt);
  }

  private static String fundingText(DiscountRules.Discount d) {
    if (d.merchantFen() > 0 && d.bankFen() > 0) {
      return " (商户 " + Money.yuan(d.merchantFen()) + " 银行 " + Money.yuan(d.bankFen()) + ")";
    }
    return d.merchantFen() > 0 ? " (商户 merchant)" : " (银行 bank)";
  }

  /** The detail column of a sale: its result (for a repeated request), discounts per rule, member, interface. */
  private static ObjectNode detail(Result result, DiscountRules.Priced priced, String category, CardDecision d) {
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

  private static JsonNode readDetail(TxRecord r) {
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
  Result storedResult(TxRecord r) {
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
        return Result.of(type, r.registerRef(), Outcome.APPROVED, OK, "批准 approved").withCharges(r.id(),
            r.amountFen(), charges(r.benefitFen(), r.debitFen(), r.ecashFen()));
      case DECLINED:
        return Result.of(type, r.registerRef(), Outcome.DECLINED, BANK_REFUSED, "declined: " + r.reason())
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

  /** The receipt's line for each account that paid (or is paid back) something. */
  private static void accountLines(List<String> receipt, long benefit, long debit, long ecash) {
    if (benefit > 0) {
      receipt.add("工会福利账户 benefit " + Money.yuan(benefit));
    }
    if (debit > 0) {
      receipt.add("借记账户 debit " + Money.yuan(debit));
    }
    if (ecash > 0) {
      receipt.add("电子现金 e-cash " + Money.yuan(ecash));
    }
  }

  private static List<Charge> charges(long benefit, long debit, long ecash) {
    List<Charge> out = new ArrayList<>();
    if (benefit > 0) {
      out.add(new Charge(Account.BENEFIT, benefit));
    }
    if (debit > 0) {
      out.add(new Charge(Account.DEBIT, debit));
    }
    if (ecash > 0) {
      out.add(new Charge(Account.ELECTRONIC_CASH, ecash));
    }
    return out;
  }

  // ============================================================================================ reversals

  /**
   * Finishes what an earlier run left: a {@code STARTED} checkout row is cancelled (nothing left the terminal), an
   * {@code AWAITING_BANK} one is marked {@code REVERSAL_NEEDED}, and every {@code REVERSAL_NEEDED} is reversed at
   * the bank. Call at start-up, and again from time to time while any remain.
   *
   * @return how many remain unfinished (the bank could not be reached for them)
   */
  public int recover() throws StoreException {
    int left = 0;
    Run run = new Run();
    java.time.Duration keep = config.memberCacheTtl().compareTo(CARD_FACTS_KEPT) > 0
        ? config.memberCacheTtl() : CARD_FACTS_KEPT;
    store.cardFacts().forgetBefore(clock.instant().minus(keep));
    for (TxRecord r : store.unfinished()) {
      if (!finish(r, run)) {
        left++;
      }
    }
    return left;
  }

  /** The card's figures now, read only when the card has an offline sale to finish. */
  interface CardFigures {
    OfflineIntent.CardNow read() throws TransportException;
  }

  /**
   * Finishes what this card left: its offline sales of unknown outcome are compared with the card now (one that
   * still cannot tell waits, and does not hold up this transaction); its authorisations are reversed. False when a
   * reversal is still to be done.
   */
  private boolean finishUnfinished(String cardRef, Run run, CardFigures figures) throws TransportException {
    return finishUnfinished(cardRef, run, figures, true);
  }

  /** As above; {@code reversals} false: only the offline sales (a BALANCE). */
  private boolean finishUnfinished(String cardRef, Run run, CardFigures figures, boolean reversals)
      throws TransportException {
    try {
      boolean all = true;
      OfflineIntent.CardNow now = null;
      for (TxRecord r : store.unfinishedForCard(cardRef)) {
        if (OfflineIntentRecovery.waitsForCard(r)) {
          if (!inProgress(r.id())) {
            now = now != null ? now : figures.read();
            try {
              intents.resolve(r, now);
            } catch (StoreException e) {
              LOG.warn("{}: what the card shows cannot be stored, the outcome stays unknown: {}", r.id(),
                  e.getMessage());
            }
          }
        } else if (reversals) {
          all &= finish(r, run);
        }
      }
      return all;
    } catch (StoreException e) {
      LOG.warn("cannot read this card's unfinished transactions: {}", e.getMessage());
      return false;
    }
  }

  private boolean finish(TxRecord r, Run run) {
    if (r.type() == TxType.TRIP) {
      return true; // the gate finishes its own trips at the card's next tap
    }
    if (inProgress(r.id())) {
      return true; // the request running now finishes its own row
    }
    try {
      switch (r.state()) {
        case STARTED:
          move(run, r.id(), TxState.STARTED, TxState.CANCELLED, TxChange.none().reason("interrupted"));
          return true;
        case AWAITING_BANK:
          r = move(run, r.id(), TxState.AWAITING_BANK, TxState.REVERSAL_NEEDED,
              TxChange.none().reason("no_answer"));
          return reverse(r, run);
        case REVERSAL_NEEDED:
          return reverse(r, run);
        default:
          // AWAITING_CARD: an offline sale's card may have paid; never cancelled unseen: its next tap tells
          return true;
      }
    } catch (StoreException e) {
      LOG.warn("cannot finish {}: {}", r.id(), e.getMessage());
      return false;
    }
  }

  /** Reverses a {@code REVERSAL_NEEDED} authorisation at the bank and stores it {@code REVERSED} ({@link Reversals}). */
  private boolean reverse(TxRecord r, Run run) throws StoreException {
    long t0 = System.nanoTime();
    try {
      boolean done = reversals.reverse(r);
      if (!done) {
        reversalPending.run();
      }
      return done;
    } finally {
      run.bank += System.nanoTime() - t0;
      run.writes++;
    }
  }

  /** The reversal's id: the original's with {@code -R} ({@link Reversals#reversalId}). */
  static String reversalId(String originalId) {
    return Reversals.reversalId(originalId);
  }

  private ReversalResponse reverseCall(TxRecord r, ReversalReason reason, Run run) {
    long t0 = System.nanoTime();
    try {
      return reversals.call(r, reason);
    } finally {
      run.bank += System.nanoTime() - t0;
    }
  }

  /**
   * Whether {@code id} is a row of the request running now (its intent, or its authorisation waiting for the bank's
   * answer): recovery and the {@link ReversalDriver} leave such a row to the request.
   */
  public boolean inProgress(String id) {
    return inProgress.contains(id);
  }

  /**
   * Told whenever an authorisation is left to be reversed later (no answer, or the bank did not confirm the
   * reversal): the daemon wakes its {@link ReversalDriver}.
   */
  public void onReversalPending(Runnable listener) {
    this.reversalPending = java.util.Objects.requireNonNull(listener, "listener");
  }

  // ============================================================================================ REFUND

  private Result refund(Refund q, Context ctx, Run run) throws InterruptedException {
    MessageType type = MessageType.REFUND;
    String ref = q.reference();
    try {
      Optional<TxRecord> earlier = store.byRegisterRef(TxType.REFUND, ref);
      if (earlier.isPresent()) {
        return storedResult(earlier.get());
      }
      String over = overOfflineLimit();
      if (over != null) {
        return answer(type, ref, Outcome.DECLINED, OFFLINE_LIMIT, over);
      }
      Optional<TxRecord> found = q.originalTransactionId() != null
          ? store.get(q.originalTransactionId())
          : store.byRegisterRef(TxType.SALE, q.originalReference());
      if (!found.isPresent() || found.get().type() != TxType.SALE
          || (q.originalReference() != null && !q.originalReference().equals(found.get().registerRef()))) {
        return answer(type, ref, Outcome.DECLINED, ORIGINAL_NOT_FOUND, "no such sale on this terminal");
      }
      TxRecord sale = found.get();
      if (sale.state() != TxState.APPROVED) {
        return answer(type, ref, Outcome.DECLINED, ORIGINAL_NOT_FOUND,
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
        return answer(type, ref, Outcome.DECLINED, TOO_MUCH,
            "at most " + Money.yuan(left) + " of sale " + sale.id() + " is left to refund");
      }
      WorkingKeys k = keys.get();
      if (k == null) {
        return answer(type, ref, Outcome.FAILED, NOT_SIGNED_ON, "the terminal is not signed on with the bank");
      }
      // back to the accounts it came from: the benefit account first (restricted money never becomes free money)
      long benefit = Math.min(q.amount(), benefitLeft);
      long debit = Math.min(q.amount() - benefit, debitLeft);
      long ecash = q.amount() - benefit - debit;
      TxRecord rec = begin(run, NewTx.of(TxType.REFUND, today()).registerRef(ref).original(sale.id())
          .amount(q.amount()));
      Sealed sealed = sealForRecord(type, ref, k, sale, rec, ctx, run);
      if (sealed.failure() != null) {
        return sealed.failure();
      }
      byte[] panEncrypted = sealed.pan();
      List<Charge> charges = charges(benefit, debit, ecash);
      List<String> receipt = new ArrayList<>();
      receipt.add("商户 " + config.merchantId() + " 退货 REFUND");
      receipt.add("原交易 " + sale.id());
      receipt.add("退款 " + Money.yuan(q.amount()));
      accountLines(receipt, benefit, debit, ecash);
      receipt.add("交易号 " + rec.id());
      Result result = Result.of(type, ref, Outcome.APPROVED, OK, "批准 approved")
          .withCharges(rec.id(), q.amount(), charges).withReceipt(receipt);
      ObjectNode detail = JSON.createObjectNode();
      detail.put("result", Hex.encode(result.encode()));
      move(run, rec.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().card(sale.cardRef(), panEncrypted)
          .funding(benefit, debit, ecash, 0).detail(detail.toString()));
      return result;
    } catch (StoreException e) {
      return storeFailure(type, ref, e);
    }
  }

  /**
   * The sale's PAN sealed for the refund's or void's record: opened with today's data key, else read again from the
   * card. When neither works, the record is closed {@code CANCELLED} with the answer ({@code failure}) stored in it.
   */
  private Sealed sealForRecord(MessageType type, String ref, WorkingKeys k, TxRecord sale, TxRecord rec, Context ctx,
      Run run) throws InterruptedException {
    byte[] sealed = reseal(k, sale, rec.id());
    if (sealed != null) {
      return new Sealed(sealed, null);
    }
    LOG.info("{} {}: sale {} was sealed under an earlier data key: the card is asked for", type, ref, sale.id());
    SaleCard c = cardOfSale(type, ref, sale, k, ctx, run);
    if (c.failure() != null) {
      return new Sealed(null, close(run, rec, TxState.STARTED, TxState.CANCELLED, c.reason(), c.failure(), null));
    }
    return new Sealed(encrypted(protection(k), c.pan(), rec.id()), null);
  }

  /** A PAN sealed for a record, or the answer why not. */
  private record Sealed(byte[] pan, Result failure) {}

  /** The original's PAN sealed again for another transaction id, or null when this day's key cannot open it. */
  private static byte[] reseal(WorkingKeys k, TxRecord original, String newId) {
    if (original.panEncrypted() == null) {
      return null;
    }
    PanProtection p = k.panProtection();
    try {
      Pan pan = p.decryptPan(Hex.encode(original.panEncrypted()), original.id());
      return encrypted(p, pan, newId);
    } catch (DecodeException | RuntimeException e) {
      return null;
    }
  }

  // ============================================================================================ VOID

  private Result voidSale(VoidSale q, Context ctx, Run run) throws InterruptedException {
    MessageType type = MessageType.VOID;
    String ref = q.reference();
    try {
      Optional<TxRecord> earlier = store.byRegisterRef(TxType.VOID, ref);
      if (earlier.isPresent()) {
        return storedResult(earlier.get());
      }
      Optional<TxRecord> lastSale = store.last(TxType.SALE);
      if (!lastSale.isPresent() || !q.saleReference().equals(lastSale.get().registerRef())) {
        return answer(type, ref, Outcome.DECLINED, NOT_VOIDABLE, "only the last sale can be voided");
      }
      TxRecord sale = lastSale.get();
      if (sale.state() != TxState.APPROVED || !sale.businessDate().equals(today())) {
        return answer(type, ref, Outcome.DECLINED, NOT_VOIDABLE,
            "the last sale is " + sale.state().name().toLowerCase(Locale.ROOT) + " of " + sale.businessDate()
                + ": it cannot be voided");
      }
      for (TxRecord r : store.byOriginal(sale.id())) {
        if (r.state() == TxState.APPROVED) {
          return answer(type, ref, Outcome.DECLINED, NOT_VOIDABLE,
              "the sale has a " + r.type().name().toLowerCase(Locale.ROOT) + " already: refund it instead");
        }
      }
      WorkingKeys k = keys.get();
      if (k == null) {
        return answer(type, ref, Outcome.FAILED, NOT_SIGNED_ON, "the terminal is not signed on with the bank");
      }
      TxRecord rec = begin(run, NewTx.of(TxType.VOID, today()).registerRef(ref).original(sale.id())
          .amount(sale.amountFen()));
      Sealed sealed = sealForRecord(type, ref, k, sale, rec, ctx, run);
      if (sealed.failure() != null) {
        return sealed.failure();
      }
      byte[] panEncrypted = sealed.pan();
      List<String> receipt = new ArrayList<>();
      receipt.add("商户 " + config.merchantId() + " 撤销 VOID");
      receipt.add("原交易 " + sale.id());
      receipt.add("撤销金额 " + Money.yuan(sale.amountFen()));
      receipt.add("交易号 " + rec.id());
      Result result = Result.of(type, ref, Outcome.APPROVED, OK, "批准 approved").withCharges(rec.id(),
          sale.amountFen(), charges(sale.benefitFen(), sale.debitFen(), sale.ecashFen())).withReceipt(receipt);
      ObjectNode detail = JSON.createObjectNode();
      detail.put("result", Hex.encode(result.encode()));
      // the void record first: if the terminal stops between the two steps, both records still reach the bank
      move(run, rec.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().card(sale.cardRef(), panEncrypted)
          .funding(sale.benefitFen(), sale.debitFen(), sale.ecashFen(), 0)
          .discountFunding(sale.merchantFen(), sale.bankFen(), 0).detail(detail.toString()));
      move(run, sale.id(), TxState.APPROVED, TxState.VOIDED, TxChange.none().reason("voided by " + rec.id()));
      return result;
    } catch (StoreException e) {
      return storeFailure(type, ref, e);
    }
  }

  // ============================================================================================ BALANCE

  private Result balance(BalanceQuery q, Context ctx, Run run) throws InterruptedException {
    MessageType type = MessageType.BALANCE;
    String ref = q.reference();
    WorkingKeys k = keys.get();
    if (k == null) {
      return answer(type, ref, Outcome.FAILED, NOT_SIGNED_ON, "the terminal is not signed on with the bank");
    }
    Presented tap = awaitCard(type, ref, ctx, run, "请出示会员卡 present the card", "");
    if (tap.failure() != null) {
      return tap.failure();
    }
    CardDecision d;
    try {
      // a purchase of nothing: the card shows its PAN and its e-cash balance, and its cryptogram is never used
      d = kernel.begin(tap.card(), new Purchase(0, true, tap.contactless()));
    } catch (CardIoException e) {
      return answer(type, ref, Outcome.FAILED, CARD_REMOVED, "card removed, tap again");
    } catch (TransportException e) {
      return answer(type, ref, Outcome.FAILED, READER, "the card reader failed");
    }
    if (d.kind() == CardDecision.Kind.REFUSED || d.pan() == null) {
      return answer(type, ref, Outcome.DECLINED, NOT_ACCEPTED, "card not accepted");
    }
    String cardRef = protection(k).panHash(d.pan());
    final CardDecision zero = d;
    try {
      // an offline sale of this card whose outcome is not known: the card tells it now (its ATC before this
      // purchase of nothing, and its balance before it)
      finishUnfinished(cardRef, run, () -> new OfflineIntent.CardNow(OfflineIntent.atcBefore(zero.iccData()),
          zero.ecBalanceFen()), false);
    } catch (TransportException e) {
      LOG.debug("BALANCE {}: {}", ref, e.toString());
    }
    List<AccountBalance> list = new ArrayList<>();
    List<String> receipt = new ArrayList<>();
    receipt.add("余额查询 BALANCE " + d.pan().masked());
    String text = "批准 approved";
    ctx.progress(Stage.ASKING_BANK, null);
    long t0 = System.nanoTime();
    try {
      long fen = bank.benefitBalance(cardRef).balanceFen();
      rememberBalance(cardRef, fen, run);
      list.add(new AccountBalance(Account.BENEFIT, fen));
      receipt.add("工会福利账户 benefit " + Money.yuan(fen));
    } catch (BankException e) {
      if (e.kind() != BankException.Kind.NOT_FOUND) {
        KnownBalance known = knownBalance(cardRef, run);
        if (known != null) {
          list.add(new AccountBalance(Account.BENEFIT, known.fen()));
          receipt.add("工会福利账户 benefit " + Money.yuan(known.fen()) + " (as of " + known.at() + ")");
        }
        text = "the bank did not answer: the benefit balance is the last known one, if any";
      }
    } finally {
      run.bank += System.nanoTime() - t0;
    }
    if (d.ecBalanceFen() != null) {
      list.add(new AccountBalance(Account.ELECTRONIC_CASH, d.ecBalanceFen()));
      receipt.add("电子现金 e-cash " + Money.yuan(d.ecBalanceFen()));
    }
    return Result.of(type, ref, Outcome.APPROVED, OK, text).withBalances(list).withReceipt(receipt);
  }

  // ============================================================================================ helpers

  /** A fresh card for a request (its transport timed), or the answer when none came. */
  private record Presented(ApduTransport card, boolean contactless, Result failure) {}

  /**
   * The one wait for a card of every request that needs one (SALE, BALANCE, and a REFUND or VOID whose card data
   * is sealed under an earlier key): PROGRESS waiting, a fresh tap within the card timeout or until CANCEL, PROGRESS
   * reading. {@code nothingCharged} ends the texts of the failures ("; nothing charged" for money).
   */
  private Presented awaitCard(MessageType type, String ref, Context ctx, Run run, String prompt,
      String nothingCharged) throws InterruptedException {
    ctx.progress(Stage.WAITING_FOR_CARD, prompt);
    CardSource.Tap tap;
    long t0 = System.nanoTime();
    try {
      tap = cards.awaitCard(config.cardTimeoutMillis(), ctx::cancelRequested);
    } catch (ReaderIoException e) {
      return new Presented(null, false,
          answer(type, ref, Outcome.FAILED, READER, "the card reader is not available" + nothingCharged));
    } finally {
      run.card += System.nanoTime() - t0;
    }
    if (tap == null) {
      return new Presented(null, false, ctx.cancelRequested()
          ? answer(type, ref, Outcome.CANCELLED, CANCELLED, "cancelled" + nothingCharged)
          : answer(type, ref, Outcome.FAILED, NO_CARD, "no card was presented"));
    }
    ctx.progress(Stage.READING_CARD, null);
    return new Presented(timed(tap.card(), run), tap.contactless(), null);
  }

  /** The PAN of the card of a stored sale, read again: {@code pan}, or {@code failure} and its row {@code reason}. */
  private record SaleCard(Pan pan, Result failure, String reason) {}

  /**
   * A REFUND or VOID of a sale whose {@code pan_encrypted} today's data key cannot open (sealed under an earlier
   * sign-on's key): the card is presented again, identified (no amount, no cryptogram used), and its PAN's keyed hash
   * must be the sale's {@code card_ref} (docs/checkout.md, Refunds and voids of an earlier day).
   */
  private SaleCard cardOfSale(MessageType type, String ref, TxRecord sale, WorkingKeys k, Context ctx, Run run)
      throws InterruptedException {
    Presented tap = awaitCard(type, ref, ctx, run, "请出示原交易卡 present the card of the sale", "; nothing refunded");
    if (tap.failure() != null) {
      return new SaleCard(null, tap.failure(), "no_card");
    }
    Pan pan;
    try {
      CardIdentity id = kernel.identify(tap.card(), tap.contactless());
      pan = id.refused() ? null : id.pan();
      if (!id.refused() && pan == null) {
        // a card that gives its PAN only after its processing options: a purchase of nothing, never sent anywhere
        pan = kernel.authorise(tap.card(), id, new Purchase(0, true, tap.contactless())).pan();
      }
    } catch (CardIoException e) {
      return new SaleCard(null, answer(type, ref, Outcome.FAILED, CARD_REMOVED, "card removed, tap again"),
          "card_removed");
    } catch (TransportException e) {
      return new SaleCard(null, answer(type, ref, Outcome.FAILED, READER, "the card reader failed; nothing refunded"),
          "reader_failed");
    }
    if (pan == null) {
      return new SaleCard(null, answer(type, ref, Outcome.DECLINED, NOT_ACCEPTED, "card not accepted"),
          "card_not_accepted");
    }
    if (sale.cardRef() == null || !sale.cardRef().equals(protection(k).panHash(pan))) {
      LOG.info("{} {}: the card {} is not the card of sale {}", type, ref, pan.masked(), sale.id());
      return new SaleCard(null, answer(type, ref, Outcome.DECLINED, WRONG_CARD,
          "this is not the card of sale " + sale.id() + "; nothing refunded"), "wrong_card");
    }
    return new SaleCard(pan, null, null);
  }

  private static Result answer(MessageType type, String ref, Outcome outcome, String code, String text) {
    return Result.of(type, ref, outcome, code, text);
  }

  private Result storeFailure(MessageType type, String ref, StoreException e) {
    LOG.warn("{} {}: the store failed ({}): {}", type, ref, e.kind(), e.getMessage());
    String why = e.kind() == StoreException.Kind.FULL ? "the terminal's store is full"
        : e.kind() == StoreException.Kind.READ_ONLY ? "the terminal's store cannot be written"
        : "the terminal's store failed";
    return answer(type, ref, Outcome.DECLINED, STORE, why + "; nothing charged");
  }

  /** Moves the row to its final state with the result stored, and returns the result (its id added). */
  private Result close(Run run, TxRecord rec, TxState from, TxState to, String reason, Result result, ObjectNode detail) {
    Result r = result.withCharges(rec.id(), 0, Collections.<Charge>emptyList());
    ObjectNode d = detail == null ? JSON.createObjectNode() : detail;
    d.put("result", Hex.encode(r.encode()));
    try {
      move(run, rec.id(), from, to, TxChange.none().reason(reason).detail(d.toString()));
    } catch (StoreException e) {
      LOG.warn("{} stays {} (recovery finishes it): {}", rec.id(), from, e.getMessage());
    }
    return r;
  }

  private void cancelQuietly(TxRecord rec, String reason) {
    cancelQuietly(rec, TxState.STARTED, reason);
  }

  private void cancelQuietly(TxRecord rec, TxState from, String reason) {
    try {
      store.move(rec.id(), from, TxState.CANCELLED, TxChange.none().reason(reason));
    } catch (StoreException e) {
      LOG.warn("{} stays {} (recovery finishes it): {}", rec.id(), from, e.getMessage());
    }
  }

  private void completeQuietly(ApduTransport card, CardDecision d, IssuerAnswer answer, Run run) {
    try {
      kernel.complete(card, d, answer);
    } catch (TransportException | RuntimeException e) {
      LOG.debug("the card did not take the answer: {}", e.toString());
    }
  }

  private TxRecord begin(Run run, NewTx tx) throws StoreException {
    long t0 = System.nanoTime();
    try {
      TxRecord r = store.begin(tx);
      run.rows.add(r.id());
      inProgress.add(r.id());
      pendingAdded(r);
      return r;
    } finally {
      run.store += System.nanoTime() - t0;
      run.writes++;
    }
  }

  private TxRecord move(Run run, String id, TxState from, TxState to, TxChange change) throws StoreException {
    long t0 = System.nanoTime();
    try {
      return store.move(id, from, to, change);
    } finally {
      run.store += System.nanoTime() - t0;
      run.writes++;
    }
  }

  private static ApduTransport timed(ApduTransport card, Run run) {
    return command -> {
      long t0 = System.nanoTime();
      try {
        return card.transmit(command);
      } finally {
        run.card += System.nanoTime() - t0;
      }
    };
  }

  private static byte[] encrypted(PanProtection p, Pan pan, String transactionId) {
    return Hex.of(p.encryptPan(pan, transactionId));
  }

  /** Failures where the bank answered and held nothing: a refusal, not a lost answer. */
  private static boolean answeredWithoutMoney(BankException.Kind kind) {
    return kind == BankException.Kind.REJECTED || kind == BankException.Kind.MALFORMED_REQUEST
        || kind == BankException.Kind.UNAUTHORISED || kind == BankException.Kind.CONFLICT
        || kind == BankException.Kind.NOT_FOUND;
  }

  /** The bank's authorisation response code (ARC, two ASCII characters) as the register's reason code. */
  static String arcCode(String arcHex) {
    byte[] b = Hex.of(arcHex);
    String s = new String(b, StandardCharsets.US_ASCII);
    return s.matches("[0-9A-Z]{2}") ? s : "05";
  }

  private static final Map<String, String> BANK_REASONS = new LinkedHashMap<>();

  static {
    BANK_REASONS.put("insufficient_funds", "insufficient funds; nothing charged");
    BANK_REASONS.put("wrong_pin", "wrong PIN; nothing charged");
    BANK_REASONS.put("pin_tries_exceeded", "PIN tries exceeded: the card's PIN is blocked; nothing charged");
    BANK_REASONS.put("card_blocked", "card blocked; nothing charged");
    BANK_REASONS.put("cryptogram_failed", "the card's cryptogram failed; nothing charged");
    BANK_REASONS.put("expired_card", "card expired; nothing charged");
    BANK_REASONS.put("not_accepted", "card not accepted");
  }

  static String bankReasonText(String reason) {
    String t = BANK_REASONS.get(reason);
    return t != null ? t : "declined by the bank (" + reason + "); nothing charged";
  }

  private PanProtection protection(WorkingKeys k) {
    KeyedProtection p = protection;
    if (p == null || p.keys() != k) {
      p = new KeyedProtection(k, k.panProtection());
      protection = p;
    }
    return p.protection();
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(config.zone()));
  }

  private static <K, V> Map<K, V> lru(final int capacity) {
    return Collections.synchronizedMap(new LinkedHashMap<K, V>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    });
  }

  @Override
  public String toString() {
    return "Checkout[" + config.merchantId() + "]";
  }
}
