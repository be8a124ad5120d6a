package cn.unioncard.agent.gate;

import cn.unioncard.agent.card.ApduTransport;
import cn.unioncard.agent.card.CardIoException;
import cn.unioncard.agent.card.CountingTransport;
import cn.unioncard.agent.card.ReaderIoException;
import cn.unioncard.agent.card.TransportException;
import cn.unioncard.agent.gate.fare.FareEngine;
import cn.unioncard.agent.gate.fare.FareTable;
import cn.unioncard.agent.store.NewTx;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.purse.DebitForPurchase;
import cn.unioncard.protocol.purse.DebitForPurchaseResponse;
import cn.unioncard.protocol.purse.GetTransactionProve;
import cn.unioncard.protocol.purse.GetTransactionProveResponse;
import cn.unioncard.protocol.purse.IndustryCode;
import cn.unioncard.protocol.purse.InitSamForPurchase;
import cn.unioncard.protocol.purse.InitSamForPurchaseResponse;
import cn.unioncard.protocol.purse.InitializeForPurchase;
import cn.unioncard.protocol.purse.InitializeForPurchaseResponse;
import cn.unioncard.protocol.purse.PublicInfo;
import cn.unioncard.protocol.purse.PurseTransactionType;
import cn.unioncard.protocol.purse.TransitAid;
import cn.unioncard.protocol.purse.TripRecord;
import cn.unioncard.protocol.purse.UpdateCappDataCache;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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
 * acceptance checks, the hotlist, the card's recent trip records (only as many as the fare needs), the fare, the
 * intent stored, INITIALIZE FOR PURCHASE (compound), MAC1 from the PSAM, the stored step "awaiting the card", UPDATE
 * CAPP DATA CACHE (the trip record), DEBIT FOR PURCHASE, MAC2 checked by the PSAM, the trip stored with its TAC, and
 * only then the gate opens. A card that leaves after DEBIT was sent leaves the trip awaiting the card: at its next
 * tap, GET TRANSACTION PROVE tells whether the debit happened, and the trip is completed (money taken once) or
 * cancelled (never taken) before anything else.
 */
public final class Gate {
  private static final Logger LOG = LoggerFactory.getLogger(Gate.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Trip records read at most for the fare (the card keeps 10). */
  static final int MAX_TRIP_RECORDS = 10;

  /**
   * Where the gate stands and what it may do.
   *
   * @param lineId the line's 4 hex digit code in the fare table and on the card
   * @param stationId the station's 4 hex digit code (a bus: its stop or "0000")
   * @param cityCode the acceptor city code written in trip records (4 hex digits)
   * @param institutionCode the operator's institution code written in trip records (16 hex digits)
   * @param recoveryWindow how long after a torn tap the same card's next tap is taken as the passenger trying again
   *     (the gate opens without a new charge when the torn debit happened)
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

  private final Config config;
  private final Psam psam;
  private final TransactionStore store;
  private final Supplier<FareTable> fares;
  private final Supplier<Hotlist> hotlist;
  private final Clock clock;

  public Gate(
      Config config,
      Psam psam,
      TransactionStore store,
      Supplier<FareTable> fares,
      Supplier<Hotlist> hotlist,
      Clock clock) {
    this.config = config;
    this.psam = psam;
    this.store = store;
    this.fares = fares;
    this.hotlist = hotlist;
    this.clock = clock;
  }

  /** Processes one tap of the card in the field. Never throws: every failure is a result the gate shows. */
  public TapResult tap(ApduTransport card, String memberCategory) {
    CountingTransport counted = new CountingTransport(card);
    int psamBefore = psam.apdus();
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
      return result(TapResult.Outcome.OUT_OF_SERVICE, "store", "out of service: cannot store trips (" + e.kind()
          + ")", 0, -1, null, counted, psamBefore);
    } catch (TransportException e) {
      return result(TapResult.Outcome.TAP_AGAIN, "card_left", "tap again", 0, -1, null, counted, psamBefore);
    }
  }

  private TapResult run(CountingTransport card, String memberCategory, int psamBefore)
      throws TransportException, StoreException {
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
    if (hotlist.get().contains(info.applicationSerial())) {
      if (config.blockHotlisted()) {
        block(card, info);
      }
      return refused("hotlisted", "card blocked: see the service desk", card, psamBefore);
    }
    String cardRef = info.applicationSerial();

    // a torn tap of this card is finished before anything else
    TapResult recovered = recover(card, cardRef, now, psamBefore);
    if (recovered != null) {
      return recovered;
    }

    FareTable table = fares.get();
    List<FareEngine.PriorTrip> history = history(card, table, today);
    FareEngine.Quote quote;
    try {
      quote = FareEngine.quote(table,
          new FareEngine.Tap(config.lineId(), config.stationId(), config.direction(), now, memberCategory), history);
    } catch (IllegalArgumentException e) {
      return refused("not_valid_here", "not valid here: " + e.getMessage(), card, psamBefore);
    }

    ObjectNode detail = JSON.createObjectNode();
    detail.put("line", config.lineId());
    detail.put("station", config.stationId());
    detail.put("direction", config.direction().name());
    detail.put("kind", quote.kind().name());
    detail.put("base_fen", quote.baseFen());
    detail.put("concession_fen", quote.concessionFen());
    detail.put("transfer_fen", quote.transferDiscountFen());
    detail.put("cap_fen", quote.capReductionFen());
    detail.put("rule", quote.rule());
    detail.put("fare_table", table.version());
    detail.put("psam_terminal", psam.terminalNumber());
    TxRecord trip = store.begin(NewTx.of(TxType.TRIP, today).amount(quote.chargeFen()).card(cardRef, null)
        .detail(detail.toString()));

    InitializeForPurchase init =
        new InitializeForPurchase(InitializeForPurchase.Kind.CAPP_PURCHASE, 1, quote.chargeFen(), psam.terminalNumber());
    ResponseApdu ir = send(card, init.toApdu());
    if (ir.sw() == 0x9401) {
      store.move(trip.id(), TxState.STARTED, TxState.DECLINED, TxChange.none().reason("insufficient_balance"));
      return result(TapResult.Outcome.REFUSED, "insufficient_balance", "balance too low: please top up", 0, -1,
          trip.id(), card, psamBefore);
    }
    InitializeForPurchaseResponse initResponse;
    try {
      initResponse = InitializeForPurchaseResponse.parse(ir);
    } catch (DecodeException e) {
      store.move(trip.id(), TxState.STARTED, TxState.CANCELLED, TxChange.none().reason("card_refused"));
      return refused("card_refused", "card refused the purchase (" + ir.status() + ")", card, psamBefore);
    }
    InitSamForPurchaseResponse mac1 =
        psam.mac1(InitSamForPurchase.of(init, initResponse, now, info, true));
    detail.put("ep_counter", initResponse.offlineAtc());
    detail.put("psam_serial", mac1.terminalSerial());
    detail.put("time", now.toString());
    long balanceAfter = initResponse.balance() - quote.chargeFen();
    // the debit may happen from here on: what recovery needs is stored before the card is asked
    store.move(trip.id(), TxState.STARTED, TxState.AWAITING_CARD, TxChange.none().detail(detail.toString()));

    TripRecord record = new TripRecord(tripType(quote.kind()), "0000" + psam.terminalNumber(),
        industry(table).code(), config.lineId() + config.stationId() + "000000", quote.chargeFen(), balanceAfter, now,
        config.cityCode(), config.institutionCode(), "000000000000");
    ResponseApdu cache = send(card, UpdateCappDataCache.of(record).toApdu());
    if (cache.sw() != 0x9000) {
      store.move(trip.id(), TxState.AWAITING_CARD, TxState.CANCELLED, TxChange.none().reason("card_refused"));
      return refused("card_refused", "card refused the trip record (" + cache.status() + ")", card, psamBefore);
    }
    ResponseApdu dr = send(card, DebitForPurchase.of(mac1, now).toApdu());
    if (dr.sw() != 0x9000) {
      // a refused DEBIT (MAC1 wrong 9302, counters) took nothing
      store.move(trip.id(), TxState.AWAITING_CARD, TxState.CANCELLED,
          TxChange.none().reason("debit_refused_" + Integer.toHexString(dr.sw())));
      return refused("card_refused", "card refused the debit (" + dr.status() + ")", card, psamBefore);
    }
    DebitForPurchaseResponse debit = debitResponse(dr);
    boolean mac2Valid = debit != null && psam.mac2Valid(debit.mac2());
    detail.put("tac", debit == null ? null : debit.tac());
    detail.put("mac2_valid", mac2Valid);
    if (!mac2Valid) {
      LOG.warn("trip {}: the card's MAC2 did not verify; the trip is kept for investigation", trip.id());
    }
    store.move(trip.id(), TxState.AWAITING_CARD, TxState.APPROVED,
        TxChange.none().funding(0, 0, 0, quote.chargeFen()).discountFunding(0, 0, quote.unionSubsidyFen())
            .detail(detail.toString()));
    return result(TapResult.Outcome.OPEN, null, message(quote), quote.chargeFen(), balanceAfter, trip.id(), card,
        psamBefore);
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

  private static String maskSerial(String serial) {
    return serial.substring(0, 6) + "**********" + serial.substring(16);
  }

  /**
   * Finishes this card's torn taps: a trip awaiting the card is asked of the card (GET TRANSACTION PROVE) and
   * completed or cancelled; an intent that never reached the card is cancelled. Returns the tap's result when the
   * torn debit happened within the recovery window (the passenger tapping again: open, no new charge), else null.
   */
  private TapResult recover(CountingTransport card, String cardRef, LocalDateTime now, int psamBefore)
      throws TransportException, StoreException {
    TapResult answer = null;
    for (TxRecord t : store.unfinishedForCard(cardRef)) {
      if (t.type() != TxType.TRIP) {
        continue;
      }
      if (t.state() == TxState.STARTED) {
        store.move(t.id(), TxState.STARTED, TxState.CANCELLED, TxChange.none().reason("never_reached_the_card"));
        continue;
      }
      if (t.state() != TxState.AWAITING_CARD) {
        continue;
      }
      JsonNode detail = parse(t.detail());
      int counter = detail.path("ep_counter").asInt(-1);
      if (counter < 0) {
        store.move(t.id(), TxState.AWAITING_CARD, TxState.CANCELLED, TxChange.none().reason("no_counter"));
        continue;
      }
      ResponseApdu r = send(card,
          new GetTransactionProve(PurseTransactionType.COMPOUND_PURCHASE, (counter + 1) & 0xFFFF).toApdu());
      ObjectNode updated = detail.isObject() ? (ObjectNode) detail : JSON.createObjectNode();
      if (r.sw() == 0x9000) {
        try {
          GetTransactionProveResponse prove = GetTransactionProveResponse.parse(r);
          updated.put("tac", prove.tac());
          updated.put("recovered", true);
        } catch (DecodeException e) {
          updated.put("recovered", true);
        }
        TxRecord done = store.move(t.id(), TxState.AWAITING_CARD, TxState.APPROVED,
            TxChange.none().funding(0, 0, 0, t.amountFen()).detail(updated.toString()));
        LOG.info("torn trip {} completed: the card had debited it", done.id());
        LocalDateTime tornAt = LocalDateTime.parse(detail.path("time").asText(now.toString()));
        if (Duration.between(tornAt, now).compareTo(config.recoveryWindow()) <= 0) {
          answer = result(TapResult.Outcome.OPEN, null, "trip completed from the last tap: no new charge", 0, -1,
              done.id(), card, psamBefore);
        }
      } else {
        updated.put("recovered", false);
        store.move(t.id(), TxState.AWAITING_CARD, TxState.CANCELLED,
            TxChange.none().reason("torn_not_debited").detail(updated.toString()));
        LOG.info("torn trip {} cancelled: the card had not debited it ({})", t.id(), r.status());
      }
    }
    return answer;
  }

  /** The card's trip records, newest first: the last one always, more only while a daily cap needs today's. */
  private List<FareEngine.PriorTrip> history(CountingTransport card, FareTable table, LocalDate today)
      throws TransportException {
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
      String ls = t.lineStation();
      out.add(new FareEngine.PriorTrip(ls.substring(0, 4), ls.substring(4, 8), kind(t.typeCode()), t.time(),
          t.amount()));
      if (table.dailyCapFen() == 0 || !t.time().toLocalDate().equals(today)) {
        break;
      }
    }
    return out;
  }

  /** The TAC and MAC2; null when the card said 9000 (the debit is done) but its answer is malformed. */
  private static DebitForPurchaseResponse debitResponse(ResponseApdu dr) {
    try {
      return DebitForPurchaseResponse.parse(dr);
    } catch (DecodeException e) {
      return null;
    }
  }

  private static FareEngine.TripKind kind(int typeCode) {
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

  private IndustryCode industry(FareTable table) {
    FareTable.Line line = table.line(config.lineId());
    return line != null && line.kind() == FareTable.LineKind.DISTANCE ? IndustryCode.METRO : IndustryCode.BUS;
  }

  private static String message(FareEngine.Quote q) {
    return "paid " + cn.unioncard.agent.checkout.Money.yuan(q.chargeFen()) + " (" + q.rule() + ")";
  }

  private static JsonNode parse(String json) {
    try {
      return json == null ? JSON.createObjectNode() : JSON.readTree(json);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }



  private TapResult refused(String reason, String message, CountingTransport card, int psamBefore) {
    return result(TapResult.Outcome.REFUSED, reason, message, 0, -1, null, card, psamBefore);
  }

  private TapResult result(TapResult.Outcome outcome, String reason, String message, long charged, long balance,
      String id, CountingTransport card, int psamBefore) {
    return new TapResult(outcome, reason, message, charged, balance, id, card.count(), psam.apdus() - psamBefore);
  }

  private static ResponseApdu send(CountingTransport card, CommandApdu c) throws TransportException {
    byte[] r = card.transmit(c.encode());
    try {
      return ResponseApdu.parse(r);
    } catch (DecodeException e) {
      throw new CardIoException("card answered no status word", e);
    }
  }
}
