package cn.unioncard.agent.gate.fare;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Decides what a tap costs, offline, from the fare table and what the card remembers of its recent trips (its trip
 * records, newest first). The rules, in order (written down in {@code docs/fares.md}):
 *
 * <ol>
 *   <li>The base fare: a flat line's fare; on a distance line, nothing at entry, and at exit the band of the
 *       distance between the entry station (the card's open entry) and this one.
 *   <li>Unpaired taps: an exit with no open entry costs {@code missing_entry_fare_fen}; an entry while an entry is
 *       still open first charges {@code missing_exit_fare_fen} for the journey never closed. An entry older than
 *       {@code max_journey_minutes} is no longer open. Penalties get no concession, transfer or cap.
 *   <li>The member category's concession: the member pays {@code base × (100 − percent_off) / 100} rounded half up to
 *       the fen; the rest is the concession, recorded as the union's ride subsidy when {@code union_funded}.
 *   <li>A transfer: a ride that starts within {@code window_minutes} after the card's last ride ended on another
 *       line gets {@code discount_fen} off (never below zero).
 *   <li>The daily cap: what the card paid on the same calendar day plus this fare never exceeds
 *       {@code daily_cap_fen}.
 * </ol>
 */
public final class FareEngine {
  /** The way a gate faces on a distance line. */
  public enum Direction {
    /** A bus validator, or a gate on a flat line. */
    BOARDING,
    ENTRY,
    EXIT
  }

  /** What happened at a tap, as the card's trip record tells it. */
  public enum TripKind {
    FLAT,
    ENTRY,
    EXIT
  }

  /** The tap being priced. */
  public record Tap(String lineId, String stationId, Direction direction, LocalDateTime time, String category) {}

  /** A trip the card remembers: newest first in the list given to {@link #quote}. */
  public record PriorTrip(String lineId, String stationId, TripKind kind, LocalDateTime time, long paidFen) {}

  /** The price of a tap and how it was made. {@code chargeFen} is what the purse is debited. */
  public record Quote(
      TripKind kind,
      long baseFen,
      long concessionFen,
      long unionSubsidyFen,
      long transferDiscountFen,
      long capReductionFen,
      long chargeFen,
      String rule) {}

  private FareEngine() {}

  /**
   * Prices a tap.
   *
   * @param history the card's recent trips, newest first (may be empty)
   * @throws IllegalArgumentException when the table does not know the line or the station (the gate refuses the
   *     tap as "not valid here")
   */
  public static Quote quote(FareTable table, Tap tap, List<PriorTrip> history) {
    FareTable.Line line = table.line(tap.lineId());
    if (line == null) {
      throw new IllegalArgumentException("line " + tap.lineId() + " is not in fare table " + table.version());
    }
    PriorTrip last = history.isEmpty() ? null : history.get(0);
    PriorTrip openEntry = last != null
        && last.kind() == TripKind.ENTRY
        && !Duration.between(last.time(), tap.time()).isNegative()
        && Duration.between(last.time(), tap.time()).toMinutes() < table.maxJourneyMinutes()
        ? last
        : null;

    long base;
    TripKind kind;
    if (line.kind() == FareTable.LineKind.FLAT) {
      kind = TripKind.FLAT;
      base = line.flatFareFen();
    } else {
      Long here = line.stationMetres().get(tap.stationId());
      if (here == null) {
        throw new IllegalArgumentException("station " + tap.stationId() + " is not on line " + line.id());
      }
      if (tap.direction() == Direction.ENTRY) {
        if (openEntry != null) {
          return penalty(TripKind.ENTRY, table.missingExitFareFen(), "entry while an entry is open: missing exit fare");
        }
        return new Quote(TripKind.ENTRY, 0, 0, 0, 0, 0, 0, "entry: the fare is charged at exit");
      }
      FareTable.Line entryLine = openEntry == null ? null : table.line(openEntry.lineId());
      Long from = entryLine == null || entryLine.kind() != FareTable.LineKind.DISTANCE
          ? null
          : entryLine.stationMetres().get(openEntry.stationId());
      if (from == null) {
        return penalty(TripKind.EXIT, table.missingEntryFareFen(), "exit with no open entry: missing entry fare");
      }
      kind = TripKind.EXIT;
      base = band(line, Math.abs(here - from));
    }

    FareTable.Concession c = table.concession(tap.category());
    long paid = c == null ? base : halfUp(base * (100 - c.percentOff()), 100);
    long concession = base - paid;
    long union = c != null && c.unionFunded() ? concession : 0;

    long transfer = 0;
    LocalDateTime rideStart = kind == TripKind.EXIT ? openEntry.time() : tap.time();
    PriorTrip previousRide = kind == TripKind.EXIT ? (history.size() > 1 ? history.get(1) : null) : last;
    if (table.transferWindowMinutes() > 0
        && previousRide != null
        && (previousRide.kind() == TripKind.FLAT || previousRide.kind() == TripKind.EXIT)
        && !previousRide.lineId().equals(tap.lineId())
        && !Duration.between(previousRide.time(), rideStart).isNegative()
        && Duration.between(previousRide.time(), rideStart).toMinutes() < table.transferWindowMinutes()) {
      transfer = Math.min(table.transferDiscountFen(), paid);
    }
    long afterTransfer = paid - transfer;

    long cap = 0;
    if (table.dailyCapFen() > 0) {
      long spentToday = 0;
      for (PriorTrip p : history) {
        if (p.time().toLocalDate().equals(tap.time().toLocalDate())) {
          spentToday += p.paidFen();
        }
      }
      long room = Math.max(0, table.dailyCapFen() - spentToday);
      cap = Math.max(0, afterTransfer - room);
    }
    long charge = afterTransfer - cap;
    StringBuilder rule = new StringBuilder(kind == TripKind.FLAT ? "flat fare" : "distance fare");
    if (concession > 0) {
      rule.append(", ").append(c.category()).append(' ').append(c.percentOff()).append("% off");
    }
    if (transfer > 0) {
      rule.append(", transfer");
    }
    if (cap > 0) {
      rule.append(", daily cap");
    }
    return new Quote(kind, base, concession, union, transfer, cap, charge, rule.toString());
  }

  private static Quote penalty(TripKind kind, long fen, String rule) {
    return new Quote(kind, fen, 0, 0, 0, 0, fen, rule);
  }

  private static long band(FareTable.Line line, long metres) {
    for (FareTable.Band b : line.bands()) {
      if (metres <= b.upToMetres()) {
        return b.fareFen();
      }
    }
    throw new IllegalStateException("the last band covers every distance");
  }

  /** {@code numerator / denominator} rounded half up, for non-negative values. */
  static long halfUp(long numerator, long denominator) {
    return (numerator * 2 + denominator) / (denominator * 2);
  }
}
