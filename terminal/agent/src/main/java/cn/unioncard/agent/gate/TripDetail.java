package cn.unioncard.agent.gate;

import static cn.unioncard.agent.store.DetailFields.putText;
import static cn.unioncard.agent.store.DetailFields.text;

import cn.unioncard.agent.gate.fare.FareEngine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A trip's {@code detail} as the store keeps it (JSON) and settlement uploads it (docs/settlement.md, docs/gate.md):
 * where the gate stands, the fare, the card's and the PSAM's counters, the card's proof, and what recovery found.
 * {@link #encode()} and {@link #decode(String)} are its one codec; the JSON names are those of rows written before
 * this type, so they read the same.
 *
 * @param direction null when the stored name is not a {@link FareEngine.Direction}
 * @param kind null when the stored name is not a {@link FareEngine.TripKind}
 * @param fare the fare charged here; null for a ride recovered from another gate
 * @param psamTerminal the terminal number of the PSAM that made the debit (this gate's); null for a ride recovered
 *     from another gate
 * @param epCounter the card's offline counter the debit used; -1 when unknown (settlement then pairs by time)
 * @param psamSerial the PSAM's serial for MAC1; null when unknown
 * @param time when the debit was made (the trip record's time)
 * @param tac the card's TAC, null until known
 * @param mac2Valid whether the PSAM verified the card's MAC2 at the tap; null when the tap did not get that far
 * @param mac2 the card's MAC2 as GET TRANSACTION PROVE told it, after a torn tap; else null
 * @param recovered null for a tap that finished; true when recovery found the debit, false when it found none
 * @param needsReconciliation the card's purse log no longer reaches the counter: left to settlement
 * @param paidElsewhere for a ride the card paid at another gate: that gate and this one; else null
 */
public record TripDetail(
    String operator,
    String line,
    String station,
    FareEngine.Direction direction,
    FareEngine.TripKind kind,
    Fare fare,
    String psamTerminal,
    int epCounter,
    Long psamSerial,
    LocalDateTime time,
    String tac,
    Boolean mac2Valid,
    String mac2,
    Boolean recovered,
    boolean needsReconciliation,
    PaidElsewhere paidElsewhere) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The fare of a trip charged here ({@link FareEngine.Quote}), in fen.
   *
   * @param fareTable the version of the fare table that priced it
   */
  public record Fare(long baseFen, long concessionFen, long transferFen, long capFen, String rule, long fareTable) {}

  /**
   * A ride paid at another gate (a tap torn there after its debit), let through here and stored by this gate.
   *
   * @param fromTerminal the terminal number of the PSAM that debited (from the card's trip record); never null
   * @param atTerminal this gate's PSAM terminal number
   * @param at when this gate recovered it
   */
  public record PaidElsewhere(String fromTerminal, String atTerminal, LocalDateTime at) {
    public PaidElsewhere {
      Objects.requireNonNull(fromTerminal, "fromTerminal");
    }
  }

  /** A trip charged here, as stored with its intent (commit 1): no proof yet. */
  public static TripDetail charged(String operator, String line, String station, FareEngine.Direction direction,
      FareEngine.TripKind kind, Fare fare, String psamTerminal, int epCounter, long psamSerial, LocalDateTime time) {
    return new TripDetail(operator, line, station, direction, kind, fare, psamTerminal, epCounter, psamSerial, time,
        null, null, null, null, false, null);
  }

  /** A ride the card paid at another gate, stored here as recovered (its counter -1 when the purse log lacks it). */
  public static TripDetail paidElsewhere(String operator, String line, String station,
      FareEngine.Direction direction, FareEngine.TripKind kind, PaidElsewhere where, int epCounter,
      LocalDateTime time, String tac, String mac2) {
    return new TripDetail(operator, line, station, direction, kind, null, null, epCounter, null, time, tac, null,
        mac2, true, false, where);
  }

  /** This trip with the card's answer to DEBIT FOR PURCHASE (commit 2): its TAC (null if malformed), MAC2 checked. */
  public TripDetail debited(String tac, boolean mac2Valid) {
    return new TripDetail(operator, line, station, direction, kind, fare, psamTerminal, epCounter, psamSerial, time,
        tac, mac2Valid, mac2, recovered, needsReconciliation, paidElsewhere);
  }

  /** This torn trip, found debited by the card's purse log, with the proof when the card gave it (else nulls). */
  public TripDetail foundDebited(String tac, String mac2) {
    return new TripDetail(operator, line, station, direction, kind, fare, psamTerminal, epCounter, psamSerial, time,
        tac != null ? tac : this.tac, mac2Valid, mac2 != null ? mac2 : this.mac2, true, needsReconciliation,
        paidElsewhere);
  }

  /** This torn trip, found not debited by the card's purse log. */
  public TripDetail foundNotDebited() {
    return new TripDetail(operator, line, station, direction, kind, fare, psamTerminal, epCounter, psamSerial, time,
        tac, mac2Valid, mac2, false, needsReconciliation, paidElsewhere);
  }

  /** This torn trip, which the card's purse log no longer reaches: settlement pairs it by card and counter. */
  public TripDetail unverifiable() {
    return new TripDetail(operator, line, station, direction, kind, fare, psamTerminal, epCounter, psamSerial, time,
        tac, mac2Valid, mac2, recovered, true, paidElsewhere);
  }

  /** The JSON stored in the row's {@code detail}: absent parts are left out. */
  public String encode() {
    ObjectNode o = JSON.createObjectNode();
    putText(o, "operator", operator);
    putText(o, "line", line);
    putText(o, "station", station);
    putText(o, "direction", direction == null ? null : direction.name());
    putText(o, "kind", kind == null ? null : kind.name());
    if (fare != null) {
      o.put("base_fen", fare.baseFen());
      o.put("concession_fen", fare.concessionFen());
      o.put("transfer_fen", fare.transferFen());
      o.put("cap_fen", fare.capFen());
      o.put("rule", fare.rule());
      o.put("fare_table", fare.fareTable());
    }
    putText(o, "psam_terminal", psamTerminal);
    o.put("ep_counter", epCounter);
    if (psamSerial != null) {
      o.put("psam_serial", psamSerial);
    }
    putText(o, "time", time == null ? null : time.toString());
    putText(o, "tac", tac);
    if (mac2Valid != null) {
      o.put("mac2_valid", mac2Valid);
    }
    putText(o, "mac2", mac2);
    if (recovered != null) {
      o.put("recovered", recovered);
    }
    if (needsReconciliation) {
      o.put("needs_reconciliation", true);
    }
    if (paidElsewhere != null) {
      putText(o, "recovered_from_terminal", paidElsewhere.fromTerminal());
      putText(o, "recovered_at_terminal", paidElsewhere.atTerminal());
      putText(o, "recovered_at", paidElsewhere.at() == null ? null : paidElsewhere.at().toString());
    }
    return o.toString();
  }

  /**
   * The detail a row holds; null or empty reads as a detail with nothing known. Values of the wrong kind read as
   * unknown, as the readers before this type read them.
   *
   * @throws IllegalArgumentException when {@code json} is not a JSON object (its message is settlement's reason)
   */
  public static TripDetail decode(String json) {
    JsonNode n;
    if (json == null || json.isEmpty()) {
      n = JSON.createObjectNode();
    } else {
      try {
        n = JSON.readTree(json);
      } catch (IOException e) {
        throw new IllegalArgumentException("detail: not JSON (" + e.getMessage() + ")", e);
      }
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("detail: not a JSON object");
      }
    }
    Fare fare = n.has("base_fen")
        ? new Fare(n.path("base_fen").asLong(), n.path("concession_fen").asLong(), n.path("transfer_fen").asLong(),
            n.path("cap_fen").asLong(), text(n, "rule"), n.path("fare_table").asLong())
        : null;
    long serial = n.path("psam_serial").asLong(-1);
    PaidElsewhere elsewhere = text(n, "recovered_from_terminal") != null
        ? new PaidElsewhere(text(n, "recovered_from_terminal"), text(n, "recovered_at_terminal"),
            time(n, "recovered_at"))
        : null;
    return new TripDetail(text(n, "operator"), text(n, "line"), text(n, "station"),
        named(FareEngine.Direction.class, text(n, "direction")), named(FareEngine.TripKind.class, text(n, "kind")),
        fare, text(n, "psam_terminal"), n.path("ep_counter").asInt(-1), serial < 0 ? null : serial, time(n, "time"),
        text(n, "tac"), bool(n, "mac2_valid"), text(n, "mac2"), bool(n, "recovered"),
        n.path("needs_reconciliation").asBoolean(false), elsewhere);
  }

  private static Boolean bool(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asBoolean();
  }

  private static LocalDateTime time(JsonNode n, String field) {
    String t = text(n, field);
    try {
      return t == null ? null : LocalDateTime.parse(t);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static <E extends Enum<E>> E named(Class<E> type, String name) {
    if (name == null) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }
}
