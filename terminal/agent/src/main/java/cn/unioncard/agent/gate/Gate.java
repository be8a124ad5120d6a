package cn.unioncard.agent.gate;

import cn.unioncard.agent.event.EventListener;
import cn.unioncard.agent.gate.fare.FareEngine;
import cn.unioncard.agent.gate.fare.FareTable;
import cn.unioncard.agent.store.NewTx;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.agent.store.UploadQueue;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.CountingTransport;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.purse.DebitForPurchase;
import cn.unioncard.protocol.purse.DebitForPurchaseResponse;
import cn.unioncard.protocol.purse.IndustryCode;
import cn.unioncard.protocol.purse.InitSamForPurchase;
import cn.unioncard.protocol.purse.InitSamForPurchaseResponse;
import cn.unioncard.protocol.purse.InitializeForPurchase;
import cn.unioncard.protocol.purse.InitializeForPurchaseResponse;
import cn.unioncard.protocol.purse.ManagementInfo;
import cn.unioncard.protocol.purse.PublicInfo;
import cn.unioncard.protocol.purse.TransitAid;
import cn.unioncard.protocol.purse.TripRecord;
import cn.unioncard.protocol.purse.UpdateCappDataCache;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bus validator or a metro gate: the offline tap with the card's transit purse and the gate's PSAM.
 *
 * <p>The tap: SELECT the transit application (by its AID, no directory), its public file from the FCI, the
 * acceptance checks, the hotlist, this card's torn taps at this gate, the card's recent trip records (only as many as
 * the fare needs), a ride the card already paid at another gate, the fare, INITIALIZE FOR PURCHASE (compound), MAC1
 * from the PSAM, <b>commit 1</b>: the trip stored awaiting the card (with the card's counter and the PSAM's serial),
 * UPDATE CAPP DATA CACHE (the trip record), DEBIT FOR PURCHASE, MAC2 checked by the PSAM, <b>commit 2</b>: the trip
 * approved with its TAC, and only then the gate opens. What a crash or a tear at each instant leaves, and how the
 * next tap finishes it, is in {@code docs/gate.md}.
 *
 * <p>Work that does not depend on the card ({@link #prepare()}: the fare table's line for this gate, the hotlist in
 * force, the trip record's fixed parts) is done before the card arrives. One tap at a time.
 */
public final class Gate {
  private static final Logger LOG = LoggerFactory.getLogger(Gate.class);

  /** Trip records read at most for the fare (the card keeps 10). */
  static final int MAX_TRIP_RECORDS = 10;
  /**
   * Room the store must have before a tap starts: enough for the tap's outcome and a few recoveries, so that a
   * debit the card made is always followed by its stored outcome.
   */
  public static final long STORE_RESERVE_BYTES = 64 * 1024;

  /**
   * Where the gate stands and what it may do.
   *
   * @param lineId the line's 4 hex digit code in the fare table and on the card
   * @param stationId the station's 4 hex digit code (a bus: its stop or "0000")
   * @param cityCode the acceptor city code written in trip records (4 hex digits)
   * @param institutionCode the operator's institution code written in trip records (16 hex digits)
   * @param recoveryWindow how long after a torn tap the same card's next tap is taken as the passenger trying again:
   *     the gate opens without a new charge when the torn debit happened, here or (seen from the card's last trip
   *     record, same line, station and direction) at another gate
   * @param blockHotlisted whether a hotlisted card's transit application is blocked at the gate (with the PSAM's
   *     MAC), as operators may choose
   */
  public record Config(
      String lineId,
      String stationId,
      FareEngine.Direction direction,
      String cityCode,
      String institutionCode,
      Duration recoveryWindow,
      boolean blockHotlisted) {
    public Config {
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(recoveryWindow, "recoveryWindow");
    }

    /** A gate that refuses hotlisted cards without blocking them. */
    public Config(String lineId, String stationId, FareEngine.Direction direction, String cityCode,
        String institutionCode, Duration recoveryWindow) {
      this(lineId, stationId, direction, cityCode, institutionCode, recoveryWindow, false);
    }
  }

  /** What the gate knows before the card arrives: the reference data in force and the fixed parts of a trip. */
  private record Prepared(FareTable table, Hotlist hotlist, IndustryCode industry, String tripTerminal,
      String lineStation, FareEngine.TripKind kind) {}

  private final Config config;
  private final Psam psam;
  private final TransactionStore store;
  private final Supplier<FareTable> fares;
  private final Supplier<Hotlist> hotlist;
  private final Clock clock;
  private final TornTapRecovery recovery;
  private Prepared prepared;
  private int storeCommits;
  /** Told at the start and end of each tap and of the store's reads (the benchmarks' figures). */
  private final EventListener listener;
  private volatile Supplier<TransitLimits> limits = TransitLimits::none;
  /** What waited for upload when last counted (at most {@link #PENDING_RECOUNT_NANOS} ago), and trips stored since. */
  private UploadQueue.Pending pending;
  private long pendingCountedAt;
  private long tripsSinceCount;
  static final long PENDING_RECOUNT_NANOS = 1_000_000_000L;

  public Gate(
      Config config,
      Psam psam,
      TransactionStore store,
      Supplier<FareTable> fares,
      Supplier<Hotlist> hotlist,
      Clock clock) {
    this(config, psam, store, fares, hotlist, clock, EventListener.NONE);
  }

  /** As above, telling {@code listener} of each tap and of the store's reads. */
  public Gate(
      Config config,
      Psam psam,
      TransactionStore store,
      Supplier<FareTable> fares,
      Supplier<Hotlist> hotlist,
      Clock clock,
      EventListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.config = config;
    this.psam = psam;
    this.store = store;
    this.fares = fares;
    this.hotlist = hotlist;
    this.clock = clock;
    this.recovery = new TornTapRecovery(config, psam, new TornTapRecovery.Trips() {
      @Override
      public List<TxRecord> unfinishedForCard(String cardRef) throws StoreException {
        return Gate.this.unfinishedForCard(cardRef);
      }

      @Override
      public TxRecord begin(NewTx tx) throws StoreException {
        return Gate.this.begin(tx);
      }

      @Override
      public TxRecord move(String id, TxState from, TxState to, TxChange change) throws StoreException {
        return moveFrom(id, from, to, change);
      }
    }, clock, clock.instant());
  }

  /**
   * Takes the gate's offline limits from {@code limits} from now on (read at each tap): the daemon's signed terminal
   * parameters, changed at run time. Without it the gate has no limit.
   */
  public void transitLimits(Supplier<TransitLimits> limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Does before the card arrives what does not depend on it: takes the fare table and the hotlist in force, looks
   * up this gate's line, and fixes the trip record's terminal, line and station. The adapter calls it when the gate
   * is idle (and after new reference data); a tap prepares only when nothing is prepared or the reference data
   * changed since. The PSAM needs no preparation: its terminal number is read when it is opened, and MAC1 depends on
   * the card's random and counter.
   */
  public synchronized void prepare() {
    FareTable table = fares.get();
    FareTable.Line line = table.line(config.lineId());
    IndustryCode industry =
        line != null && line.kind() == FareTable.LineKind.DISTANCE ? IndustryCode.METRO : IndustryCode.BUS;
    FareEngine.TripKind kind = line == null || line.kind() == FareTable.LineKind.FLAT
        ? FareEngine.TripKind.FLAT
        : config.direction() == FareEngine.Direction.EXIT ? FareEngine.TripKind.EXIT : FareEngine.TripKind.ENTRY;
    prepared = new Prepared(table, hotlist.get(), industry, "0000" + psam.terminalNumber(),
        config.lineId() + config.stationId() + "000000", kind);
  }

  private Prepared prepared() {
    Prepared p = prepared;
    if (p == null || p.table() != fares.get() || p.hotlist() != hotlist.get()) {
      prepare();
      p = prepared;
    }
    return p;
  }

  /** Processes one tap of the card in the field. Never throws: every failure is a result the gate shows. */
  public synchronized TapResult tap(ApduTransport card, String memberCategory) {
    listener.tapStart();
    try {
      return tapTold(card, memberCategory);
    } finally {
      listener.tapEnd();
    }
  }

  private TapResult tapTold(ApduTransport card, String memberCategory) {
    CountingTransport counted = new CountingTransport(card);
    int psamBefore = psam.apdus();
    storeCommits = 0;
    try {
      return run(counted, memberCategory, psamBefore);
    } catch (CardIoException e) {
      return result(TapResult.Outcome.TAP_AGAIN, "card_left", "card removed too soon: tap again", 0, -1, null,
          counted, psamBefore);
    } catch (ReaderIoException e) {
      LOG.warn("gate out of service: {}", e.getMessage());
      return result(TapResult.Outcome.OUT_OF_SERVICE, "reader", "out of service: " + e.getMessage(), 0, -1, null,
          counted, psamBefore);
    } catch (StoreException e) {
      LOG.warn("gate out of service: {}", e.getMessage());
      if (e.kind() == StoreException.Kind.FULL) {
        return storeFull(counted, psamBefore);
      }
      return result(TapResult.Outcome.OUT_OF_SERVICE, "store", "out of service: cannot store trips (" + e.kind()
          + ")", 0, -1, null, counted, psamBefore);
    } catch (TransportException e) {
      return result(TapResult.Outcome.TAP_AGAIN, "card_left", "tap again", 0, -1, null, counted, psamBefore);
    } catch (RuntimeException e) {
      // a defect (here or in an adapter): the gate stays shut and says so; what was stored stays for the next tap
      LOG.error("gate out of service: the tap failed", e);
      return result(TapResult.Outcome.OUT_OF_SERVICE, "internal", "out of service: internal error", 0, -1, null,
          counted, psamBefore);
    }
  }

  private TapResult run(CountingTransport card, String memberCategory, int psamBefore)
      throws TransportException, StoreException {
    Prepared p = prepared();
    LocalDateTime now = LocalDateTime.now(clock).withNano(0);
    ResponseApdu sel = send(card, TransitAid.MOT_T_EP.select());
    if (sel.sw() == 0x6A81 || sel.sw() == 0x9303 || sel.sw() == 0x6283) {
      return refused("application_blocked", "card blocked: see the service desk", card, psamBefore);
    }
    if (sel.sw() != 0x9000) {
      return refused("not_transit_card", "card not accepted here", card, psamBefore);
    }
    PublicInfo info;
    try {
      info = PublicInfo.fromFci(sel.data());
    } catch (DecodeException e) {
      return refused("unreadable", "card not readable: " + e.getMessage(), card, psamBefore);
    }
    if (!info.enabled()) {
      return refused("not_enabled", "card not enabled", card, psamBefore);
    }
    LocalDate today = now.toLocalDate();
    if (today.isBefore(info.startDate()) || today.isAfter(info.endDate())) {
      return refused("expired", "card out of its validity dates", card, psamBefore);
    }
    if (p.hotlist().contains(info.applicationSerial())) {
      if (config.blockHotlisted()) {
        block(card, info);
      }
      return refused("hotlisted", "card blocked: see the service desk", card, psamBefore);
    }
    String cardRef = info.applicationSerial();

    // a torn tap of this card at this gate is finished before anything else
    TapResult recovered = recovery.finishTorn(card, cardRef, now, opening(card, psamBefore));
    if (recovered != null) {
      return recovered;
    }

    FareTable table = p.table();
    List<TripRecord> raw = new ArrayList<>(1);
    List<FareEngine.PriorTrip> history = history(card, table, today, raw);
    if (!raw.isEmpty()) {
      TapResult paid = recovery.alreadyPaid(card, raw.get(0), p.table().operator(), p.kind(), p.tripTerminal(),
          cardRef, now, opening(card, psamBefore));
      if (paid != null) {
        return paid;
      }
    }
    String over = overTransitLimit();
    if (over != null) {
      return refused("offline_limit", over, card, psamBefore);
    }
    String category = CATEGORY_FROM_CARD.equals(memberCategory) ? cardCategory(card) : memberCategory;
    FareEngine.Quote quote;
    try {
      quote = FareEngine.quote(table,
          new FareEngine.Tap(config.lineId(), config.stationId(), config.direction(), now, category), history);
    } catch (IllegalArgumentException e) {
      return refused("not_valid_here", "not valid here: " + e.getMessage(), card, psamBefore);
    }
    if (bytesLeft() < STORE_RESERVE_BYTES) {
      return storeFull(card, psamBefore);
    }

    InitializeForPurchase init =
        new InitializeForPurchase(InitializeForPurchase.Kind.CAPP_PURCHASE, 1, quote.chargeFen(), psam.terminalNumber());
    ResponseApdu ir = send(card, init.toApdu());
    if (ir.sw() == 0x9401) {
      return refused("insufficient_balance", "balance too low: please top up", card, psamBefore);
    }
    InitializeForPurchaseResponse initResponse;
    try {
      initResponse = InitializeForPurchaseResponse.parse(ir);
    } catch (DecodeException e) {
      return refused("card_refused", "card refused the purchase (" + ir.status() + ")", card, psamBefore);
    }
    // the PSAM's serial is spent from here on; a crash before the intent below leaves a gap in its serials only
    InitSamForPurchaseResponse mac1 =
        psam.mac1(InitSamForPurchase.of(init, initResponse, now, info, true));

    TripDetail detail = TripDetail.charged(table.operator(), config.lineId(), config.stationId(), config.direction(),
        quote.kind(), new TripDetail.Fare(quote.baseFen(), quote.concessionFen(), quote.transferDiscountFen(),
            quote.capReductionFen(), quote.rule(), table.version()),
        psam.terminalNumber(), initResponse.offlineAtc(), mac1.terminalSerial(), now);
    long balanceAfter = initResponse.balance() - quote.chargeFen();
    // commit 1, the intent: the debit may happen from here on; what recovery needs is stored before the card is asked
    TxRecord trip = begin(NewTx.of(TxType.TRIP, today).startIn(TxState.AWAITING_CARD).amount(quote.chargeFen())
        .card(cardRef, null).detail(detail.encode()));

    TripRecord record = new TripRecord(tripType(quote.kind()), p.tripTerminal(), p.industry().code(),
        p.lineStation(), quote.chargeFen(), balanceAfter, now, config.cityCode(), config.institutionCode(),
        "000000000000");
    ResponseApdu cache = send(card, UpdateCappDataCache.of(record).toApdu());
    if (cache.sw() != 0x9000) {
      move(trip.id(), TxState.CANCELLED, TxChange.none().reason("card_refused"));
      return refused("card_refused", "card refused the trip record (" + cache.status() + ")", card, psamBefore);
    }
    ResponseApdu dr = send(card, DebitForPurchase.of(mac1, now).toApdu());
    if (dr.sw() != 0x9000) {
      // a refused DEBIT (MAC1 wrong 9302, counters) took nothing
      move(trip.id(), TxState.CANCELLED, TxChange.none().reason("debit_refused_" + Integer.toHexString(dr.sw())));
      return refused("card_refused", "card refused the debit (" + dr.status() + ")", card, psamBefore);
    }
    DebitForPurchaseResponse debit = debitResponse(dr);
    boolean mac2Valid = debit != null && psam.mac2Valid(debit.mac2());
    detail = detail.debited(debit == null ? null : debit.tac(), mac2Valid);
    if (!mac2Valid) {
      LOG.warn("trip {}: the card's MAC2 did not verify; the trip is kept for investigation", trip.id());
    }
    // commit 2, the outcome: before the gate opens
    move(trip.id(), TxState.APPROVED,
        TxChange.none().funding(0, 0, 0, quote.chargeFen()).discountFunding(0, 0, quote.unionSubsidyFen())
            .detail(detail.encode()));
    return result(TapResult.Outcome.OPEN, null, message(quote), quote.chargeFen(), balanceAfter, trip.id(), card,
        psamBefore);
  }

  private TapResult storeFull(CountingTransport card, int psamBefore) {
    return result(TapResult.Outcome.OUT_OF_SERVICE, "store_full",
        "out of service: the trip store is full until stored trips are uploaded", 0, -1, null, card, psamBefore);
  }

  /** Blocks the card's transit application: GET CHALLENGE, the PSAM's MAC, APPLICATION BLOCK (temporary). */
  private void block(CountingTransport card, PublicInfo info) throws TransportException {
    ResponseApdu challenge = send(card, cn.unioncard.protocol.apdu.IsoCommands.getChallenge(4));
    if (challenge.sw() != 0x9000) {
      LOG.warn("a hotlisted card refused GET CHALLENGE ({}): not blocked", challenge.status());
      return;
    }
    String mac = psam.applicationBlockMac(info, challenge.data());
    ResponseApdu r = send(card, new cn.unioncard.protocol.purse.ApplicationBlock(mac).toApdu());
    if (r.sw() == 0x9000) {
      LOG.info("hotlisted card {} blocked", maskSerial(info.applicationSerial()));
    } else {
      LOG.warn("a hotlisted card refused APPLICATION BLOCK ({})", r.status());
    }
  }

  static String maskSerial(String serial) {
    return serial.substring(0, 6) + "**********" + serial.substring(16);
  }

  /**
   * The card's trip records, newest first: the last one always, more only while a daily cap needs today's. The
   * newest record itself goes into {@code newest}.
   */
  /**
   * The member category to pass to {@link #tap} when the caller knows none and the card itself is to say it (file
   * 0017's card kind: one READ BINARY more); null means no concession.
   */
  public static final String CATEGORY_FROM_CARD = "from_card";

  /**
   * The member category the card itself carries: file 0017's card kind (卡种类型),
   * {@code 0x0A} a model worker (docs/card-profile-transit.md); anything else, or a file that does not read, is no
   * concession. One READ BINARY.
   */
  private String cardCategory(CountingTransport card) throws TransportException {
    ResponseApdu r = send(card, ManagementInfo.readCommand());
    if (r.sw() != 0x9000) {
      return null;
    }
    try {
      return ManagementInfo.decode(r.data()).cardKind() == MODEL_WORKER_CARD_KIND ? "model_worker" : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  /** The card kind of a model worker's card in file 0017 (this project's code: docs/card-profile-transit.md). */
  static final int MODEL_WORKER_CARD_KIND = 0x0A;

  private List<FareEngine.PriorTrip> history(CountingTransport card, FareTable table, LocalDate today,
      List<TripRecord> newest) throws TransportException {
    List<FareEngine.PriorTrip> out = new ArrayList<>();
    for (int n = 1; n <= MAX_TRIP_RECORDS; n++) {
      ResponseApdu r = send(card, TripRecord.readCommand(n));
      if (r.sw() != 0x9000) {
        break;
      }
      TripRecord t;
      try {
        t = TripRecord.decode(r.data());
      } catch (DecodeException e) {
        break; // a record we cannot read ends what the fare can know; the fare errs for the member
      }
      if (t.typeCode() == 0 || t.time() == null) {
        break;
      }
      if (n == 1) {
        newest.add(t);
      }
      String ls = t.lineStation();
      out.add(new FareEngine.PriorTrip(ls.substring(0, 4), ls.substring(4, 8), kind(t.typeCode()), t.time(),
          t.amount()));
      // the newest record prices an exit; the one before it a transfer; more only for the daily cap
      int needed = table.transferWindowMinutes() > 0 ? 2 : 1;
      if (n >= needed && (table.dailyCapFen() == 0 || !t.time().toLocalDate().equals(today))) {
        break;
      }
    }
    return out;
  }

  // the store (its commits tell the listener themselves; the gate tells of its reads)

  private TxRecord begin(NewTx tx) throws StoreException {
    try {
      TxRecord r = store.begin(tx);
      tripsSinceCount++;
      return r;
    } finally {
      storeCommits++;
    }
  }

  private TxRecord move(String id, TxState to, TxChange change) throws StoreException {
    return moveFrom(id, TxState.AWAITING_CARD, to, change);
  }

  private TxRecord moveFrom(String id, TxState from, TxState to, TxChange change) throws StoreException {
    try {
      return store.move(id, from, to, change);
    } finally {
      storeCommits++;
    }
  }

  private List<TxRecord> unfinishedForCard(String cardRef) throws StoreException {
    listener.storeReadStart();
    try {
      return store.unfinishedForCard(cardRef);
    } finally {
      listener.storeReadEnd();
    }
  }

  /**
   * Null, or why a new ride is refused: the trips waiting for upload are past the gate's own limit. The store is
   * counted at most once a second (a count over a week's backlog is not free); trips this gate stored since are
   * added to that count.
   */
  private String overTransitLimit() throws StoreException {
    TransitLimits l = limits.get();
    if (l.unlimited()) {
      return null;
    }
    long t = System.nanoTime();
    if (pending == null || t - pendingCountedAt > PENDING_RECOUNT_NANOS) {
      listener.storeReadStart();
      try {
        pending = store.uploads().pending();
      } finally {
        listener.storeReadEnd();
      }
      pendingCountedAt = t;
      tripsSinceCount = 0;
    }
    long count = pending.count() + tripsSinceCount;
    if (l.maxPendingCount() > 0 && count >= l.maxPendingCount()) {
      return "out of service: " + count + " trips wait for the bank (at most " + l.maxPendingCount() + ")";
    }
    if (!l.maxOldestPending().isZero() && pending.oldest() != null
        && pending.oldest().plus(l.maxOldestPending()).isBefore(clock.instant())) {
      return "out of service: a trip has waited for the bank since " + pending.oldest() + " (at most "
          + l.maxOldestPending().toHours() + " h)";
    }
    return null;
  }

  private long bytesLeft() throws StoreException {
    listener.storeReadStart();
    try {
      return store.bytesLeft();
    } finally {
      listener.storeReadEnd();
    }
  }

  /** The TAC and MAC2; null when the card said 9000 (the debit is done) but its answer is malformed. */
  private static DebitForPurchaseResponse debitResponse(ResponseApdu dr) {
    try {
      return DebitForPurchaseResponse.parse(dr);
    } catch (DecodeException e) {
      return null;
    }
  }

  static FareEngine.TripKind kind(int typeCode) {
    switch (typeCode) {
      case 0x01:
      case 0x03:
        return FareEngine.TripKind.ENTRY;
      case 0x02:
      case 0x04:
        return FareEngine.TripKind.EXIT;
      default:
        return FareEngine.TripKind.FLAT;
    }
  }

  private static int tripType(FareEngine.TripKind kind) {
    switch (kind) {
      case ENTRY:
        return 0x03;
      case EXIT:
        return 0x04;
      default:
        return 0x06;
    }
  }

  private static String message(FareEngine.Quote q) {
    return "paid " + cn.unioncard.protocol.Money.yuan(q.chargeFen()) + " (" + q.rule() + ")";
  }

  /** The gate opening for a ride already paid: the tap's result, counted when it is made. */
  private TornTapRecovery.Opening opening(CountingTransport card, int psamBefore) {
    return (message, balance, id) -> result(TapResult.Outcome.OPEN, null, message, 0, balance, id, card, psamBefore);
  }



  private TapResult refused(String reason, String message, CountingTransport card, int psamBefore) {
    return result(TapResult.Outcome.REFUSED, reason, message, 0, -1, null, card, psamBefore);
  }

  private TapResult result(TapResult.Outcome outcome, String reason, String message, long charged, long balance,
      String id, CountingTransport card, int psamBefore) {
    return new TapResult(outcome, reason, message, charged, balance, id, card.count(), psam.apdus() - psamBefore,
        storeCommits);
  }

  static ResponseApdu send(CountingTransport card, CommandApdu c) throws TransportException {
    byte[] r = card.transmit(c.encode());
    try {
      return ResponseApdu.parse(r);
    } catch (DecodeException e) {
      throw new CardIoException("card answered no status word", e);
    }
  }
}
