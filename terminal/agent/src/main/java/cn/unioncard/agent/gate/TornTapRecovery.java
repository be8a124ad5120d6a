package cn.unioncard.agent.gate;

import cn.unioncard.agent.gate.fare.FareEngine;
import cn.unioncard.agent.store.NewTx;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.ports.card.CountingTransport;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.purse.GetTransactionProve;
import cn.unioncard.protocol.purse.GetTransactionProveResponse;
import cn.unioncard.protocol.purse.PurseRecord;
import cn.unioncard.protocol.purse.PurseTransactionType;
import cn.unioncard.protocol.purse.TripRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate's torn-tap recovery (docs/gate.md): a card whose last tap was torn is not charged twice and no debit it
 * made is lost. Two cases, each at the card's next tap: this card's unfinished trips at this gate, looked up in the
 * card's purse log ({@link #finishTorn}); and a ride the card's newest trip record shows paid at another gate (or
 * here before a restart) within the recovery window ({@link #alreadyPaid}). {@link Gate} asks both during a tap.
 */
final class TornTapRecovery {
  // the gate's log, as before this class was cut from it
  private static final Logger LOG = LoggerFactory.getLogger(Gate.class);

  /** Purse records read at most to find a torn debit (the card keeps 10). */
  static final int MAX_PURSE_RECORDS = 10;
  /** Already-paid rides remembered (see {@link #alreadyPaid}). */
  static final int HONOURED = 1024;

  /** The gate's trips in the store, as the gate counts and times them. */
  interface Trips {
    List<TxRecord> unfinishedForCard(String cardRef) throws StoreException;

    TxRecord begin(NewTx tx) throws StoreException;

    TxRecord move(String id, TxState from, TxState to, TxChange change) throws StoreException;
  }

  /** The tap's result when the gate opens with no new charge, made at that instant. */
  @FunctionalInterface
  interface Opening {
    TapResult open(String message, long balanceFen, String transactionId);
  }

  private final Gate.Config config;
  private final Psam psam;
  private final Trips trips;
  private final Clock clock;
  /** When the gate object started: a ride of this terminal's own from before it is one a crash may have cut. */
  private final Instant startedAt;
  /**
   * Rides this gate let through as already paid (card and trip record), so that the card's next tap is a new ride;
   * the most recent {@value #HONOURED} only, so memory stays bounded (the recovery window is minutes).
   */
  private final Map<String, Boolean> honoured = new LinkedHashMap<String, Boolean>() {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > HONOURED;
    }
  };

  TornTapRecovery(Gate.Config config, Psam psam, Trips trips, Clock clock, Instant startedAt) {
    this.config = config;
    this.psam = psam;
    this.trips = trips;
    this.clock = clock;
    this.startedAt = startedAt;
  }

  /**
   * Finishes this card's torn taps at this gate. A trip awaiting the card is looked up in the card's purse log
   * (0018) by the counter its INITIALIZE FOR PURCHASE reported: a record with that counter, this trip's PSAM terminal
   * and amount means the debit happened (approved, its TAC from GET TRANSACTION PROVE when it is the card's last
   * debit); no such record means it did not (cancelled), even when the card has paid elsewhere since (the counter
   * then belongs to that other debit). GET TRANSACTION PROVE alone cannot tell the two apart: it proves the last
   * debit, whoever made it. An intent that never reached the card (a row of an older version) is cancelled. Returns
   * the tap's result when the torn debit happened within the recovery window (the passenger tapping again: open, no
   * new charge), else null.
   */
  TapResult finishTorn(CountingTransport card, String cardRef, LocalDateTime now, Opening opening)
      throws TransportException, StoreException {
    TapResult answer = null;
    for (TxRecord t : trips.unfinishedForCard(cardRef)) {
      if (t.type() != TxType.TRIP) {
        continue;
      }
      if (t.state() == TxState.STARTED) {
        trips.move(t.id(), TxState.STARTED, TxState.CANCELLED, TxChange.none().reason("never_reached_the_card"));
        continue;
      }
      if (t.state() != TxState.AWAITING_CARD) {
        continue;
      }
      TripDetail detail = stored(t.detail());
      int counter = detail.epCounter();
      if (counter < 0) {
        move(t.id(), TxState.CANCELLED, TxChange.none().reason("no_counter"));
        continue;
      }
      String terminal = detail.psamTerminal() != null ? detail.psamTerminal() : psam.terminalNumber();
      int n = 0;
      PurseRecord found = null;
      boolean older = false; // reached a record older than the counter, or the log's end
      while (n < MAX_PURSE_RECORDS) {
        PurseRecord log = purseRecord(card, ++n);
        if (log == null || log.epSerial() < counter) {
          older = true;
          break;
        }
        if (log.epSerial() == counter) {
          found = log;
          break;
        }
      }
      if (found != null && found.terminalNumber().equals(terminal) && found.amount() == t.amountFen()) {
        String tac = null;
        String mac2 = null;
        if (n == 1) {
          ResponseApdu r = Gate.send(card,
              new GetTransactionProve(PurseTransactionType.COMPOUND_PURCHASE, (counter + 1) & 0xFFFF).toApdu());
          if (r.sw() == 0x9000) {
            try {
              GetTransactionProveResponse prove = GetTransactionProveResponse.parse(r);
              tac = prove.tac();
              mac2 = prove.mac2();
            } catch (DecodeException e) {
              LOG.warn("torn trip {}: the card's proof is malformed", t.id());
            }
          }
        }
        TxRecord done = move(t.id(), TxState.APPROVED,
            TxChange.none().funding(0, 0, 0, t.amountFen()).detail(detail.foundDebited(tac, mac2).encode()));
        LOG.info("torn trip {} completed: the card had debited it", done.id());
        LocalDateTime tornAt = detail.time() != null ? detail.time() : now;
        if (Duration.between(tornAt, now).compareTo(config.recoveryWindow()) <= 0) {
          answer = opening.open("trip completed from the last tap: no new charge", -1, done.id());
        }
      } else if (found != null || older) {
        move(t.id(), TxState.CANCELLED,
            TxChange.none().reason("torn_not_debited").detail(detail.foundNotDebited().encode()));
        LOG.info("torn trip {} cancelled: the card had not debited it", t.id());
      } else {
        // the card has made more debits since than its log keeps: settlement pairs it by card and counter
        move(t.id(), TxState.CANCELLED,
            TxChange.none().reason("unverifiable").detail(detail.unverifiable().encode()));
        LOG.warn("torn trip {}: the card's purse log no longer reaches its counter; left to settlement", t.id());
      }
    }
    return answer;
  }

  /** Purse log record {@code n} (1 the newest), or null when the card has none or it cannot be read. */
  static PurseRecord purseRecord(CountingTransport card, int n) throws TransportException {
    ResponseApdu r = Gate.send(card, PurseRecord.readCommand(n));
    if (r.sw() != 0x9000) {
      return null;
    }
    try {
      return PurseRecord.decode(r.data());
    } catch (DecodeException e) {
      return null;
    }
  }

  /**
   * A ride the card already paid: its newest trip record is on this gate's line and station, in this gate's
   * direction, within the recovery window, and was written either by another terminal (a tap torn at gate A after
   * its debit, the passenger now at gate B) or by this terminal before this gate object started (a crash after the
   * trip was stored, before the gate opened). The gate opens with no new charge; for another terminal's debit it
   * stores a recovered trip (that terminal's number, the card's counter and the TAC) so the debit reaches settlement
   * even if that terminal never learns of it. Null when the card's last ride is not this one.
   */
  TapResult alreadyPaid(CountingTransport card, TripRecord last, String operator, FareEngine.TripKind kind,
      String tripTerminal, String cardRef, LocalDateTime now, Opening opening)
      throws TransportException, StoreException {
    if (last.time() == null || !last.lineStation().startsWith(config.lineId() + config.stationId())
        || Gate.kind(last.typeCode()) != kind) {
      return null;
    }
    Duration age = Duration.between(last.time(), now);
    if (age.isNegative() || age.compareTo(config.recoveryWindow()) > 0) {
      return null;
    }
    String ride = cardRef + "@" + last.terminalNumber() + "@" + last.time();
    if (honoured.containsKey(ride)) {
      return null; // let through once already: this tap is another ride
    }
    boolean own = last.terminalNumber().equals(tripTerminal);
    if (own) {
      LocalDateTime started = LocalDateTime.ofInstant(startedAt, clock.getZone()).withNano(0);
      if (!last.time().isBefore(started)) {
        return null; // this gate opened for it: a second tap is a new ride (a companion's)
      }
      honoured.put(ride, Boolean.TRUE);
      LOG.info("card {} paid this ride here before a restart: no new charge", Gate.maskSerial(cardRef));
      return opening.open("ride already paid here: no new charge", -1, null);
    }
    // the debit's proof: the purse log's newest record and GET TRANSACTION PROVE for its counter
    int counter = -1; // the purse log does not show it (a load since?): settlement pairs by time
    String tac = null;
    String mac2 = null;
    PurseRecord log = purseRecord(card, 1);
    if (log != null && log.terminalNumber().equals(last.terminalNumber().substring(4))
        && log.amount() == last.amount()) {
      counter = log.epSerial();
      ResponseApdu r = Gate.send(card,
          new GetTransactionProve(PurseTransactionType.COMPOUND_PURCHASE, (log.epSerial() + 1) & 0xFFFF).toApdu());
      if (r.sw() == 0x9000) {
        try {
          GetTransactionProveResponse prove = GetTransactionProveResponse.parse(r);
          tac = prove.tac();
          mac2 = prove.mac2();
        } catch (DecodeException e) {
          // stored without the TAC: settlement keeps it back ("detail.tac is missing") for a person
        }
      }
    }
    String detail = TripDetail.paidElsewhere(operator, config.lineId(), config.stationId(), config.direction(), kind,
        new TripDetail.PaidElsewhere(last.terminalNumber().substring(4), psam.terminalNumber(), now), counter,
        last.time(), tac, mac2).encode();
    TxRecord row = trips.begin(NewTx.of(TxType.TRIP, now.toLocalDate()).startIn(TxState.AWAITING_CARD)
        .amount(last.amount()).card(cardRef, null).detail(detail));
    move(row.id(), TxState.APPROVED, TxChange.none().funding(0, 0, 0, last.amount()).detail(detail));
    honoured.put(ride, Boolean.TRUE);
    LOG.info("card {} paid this ride at terminal {}: recovered as {}, no new charge", Gate.maskSerial(cardRef),
        last.terminalNumber().substring(4), row.id());
    return opening.open("ride already paid at another gate: no new charge", last.balance(), row.id());
  }

  private TxRecord move(String id, TxState to, TxChange change) throws StoreException {
    return trips.move(id, TxState.AWAITING_CARD, to, change);
  }

  /** The trip's detail; one that does not read is a detail with nothing known (no counter: cancelled). */
  private static TripDetail stored(String json) {
    try {
      return TripDetail.decode(json);
    } catch (IllegalArgumentException e) {
      return TripDetail.decode(null);
    }
  }
}
