package cn.unioncard.agent.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Business days and their close: the {@code business_days} table (a day's state and its last close's report) and
 * the questions a close asks of the records (a day's records, what still stands between a day and its close).
 * Reached through {@link TransactionStore#businessDays()}.
 */
public final class BusinessDays {
  private final Database db;
  private final TxRows rows;
  private final TransactionTable transactions;
  private final Clock clock;

  BusinessDays(Database db, TxRows rows, TransactionTable transactions, Clock clock) {
    this.db = db;
    this.rows = rows;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** Where a business day is in its close. */
  public enum DayState {
    /** Not closed yet, or closed with differences and kept open for investigation. */
    OPEN,
    /** The bank's totals matched the terminal's. */
    CLOSED
  }

  /** A business day as the store holds it; {@code detail} is the last close's report (JSON), or null. */
  public record BusinessDay(LocalDate date, DayState state, Instant updatedAt, String detail) {}

  /** Receives records one at a time. */
  @FunctionalInterface
  public interface RecordVisitor {
    void visit(TxRecord record);
  }

  /** The business day, when a close was ever tried for it. */
  public Optional<BusinessDay> get(LocalDate date) throws StoreException {
    synchronized (db) {
      try {
        PreparedStatement q =
            db.statement("SELECT state, updated_at, detail FROM business_days WHERE business_date = ?");
        q.setString(1, date.toString());
        try (ResultSet r = q.executeQuery()) {
          if (!r.next()) {
            return Optional.empty();
          }
          return Optional.of(new BusinessDay(date, DayState.valueOf(r.getString(1)),
              Instant.ofEpochMilli(r.getLong(2)), r.getString(3)));
        }
      } catch (SQLException e) {
        throw Database.classify(e, "read business day " + date);
      }
    }
  }

  /** Writes a business day's state and its close's report. */
  public void record(LocalDate date, DayState state, String detail) throws StoreException {
    synchronized (db) {
      db.inTransaction("record business day " + date, () -> {
        PreparedStatement u = db.statement(
            "INSERT INTO business_days (business_date, state, updated_at, detail) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (business_date) DO UPDATE SET state = excluded.state,"
                + " updated_at = excluded.updated_at, detail = excluded.detail");
        u.setString(1, date.toString());
        u.setString(2, state.name());
        u.setLong(3, clock.millis());
        u.setString(4, detail);
        u.executeUpdate();
        return null;
      });
    }
  }

  /**
   * The records of a business day the bank is to hold (every record that became due for upload, whatever its upload
   * state now), oldest first, handed one at a time so a large day costs no memory.
   */
  public void forEachRecord(LocalDate date, RecordVisitor visitor) throws StoreException {
    synchronized (db) {
      try (PreparedStatement q = db.connection().prepareStatement("SELECT " + TxRows.COLUMNS
          + " FROM transactions INDEXED BY transactions_day WHERE business_date = ? AND upload_state <> 'NOT_DUE'"
          + " ORDER BY seq")) {
        q.setString(1, date.toString());
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            visitor.visit(rows.row(r));
          }
        }
      } catch (SQLException e) {
        throw Database.classify(e, "read the records of " + date);
      }
    }
  }

  /**
   * What stands between a business day and its close: its records not settled yet (due, refused, quarantined) and
   * its transactions recovery has not finished, oldest first.
   */
  public List<TxRecord> unsettled(LocalDate date) throws StoreException {
    synchronized (db) {
      List<TxRecord> out = new ArrayList<>(rows.list(
          "SELECT " + TxRows.COLUMNS + " FROM transactions INDEXED BY transactions_day WHERE business_date = ?"
              + " AND upload_state <> 'NOT_DUE' AND upload_state IN ('PENDING', 'REJECTED', 'QUARANTINED')",
          Collections.singletonList(date.toString())));
      for (TxRecord r : transactions.unfinished()) {
        boolean withTheBank = r.uploadState() == UploadState.ACCEPTED || r.uploadState() == UploadState.DUPLICATE;
        if (r.type() == TxType.SALE && r.state() == TxState.AWAITING_CARD && withTheBank) {
          continue; // an offline sale of unknown outcome, uploaded for the bank to match: the bank's to settle now
        }
        if (r.businessDate().equals(date) && !(r.uploadState() == UploadState.PENDING
            || r.uploadState() == UploadState.REJECTED || r.uploadState() == UploadState.QUARANTINED)) {
          out.add(r);
        }
      }
      out.sort((a, b) -> Long.compare(a.seq(), b.seq()));
      return out;
    }
  }

  /** The business dates that have records and are not closed, oldest first. */
  public List<LocalDate> openDates() throws StoreException {
    synchronized (db) {
      try (Statement s = db.connection().createStatement();
          ResultSet r = s.executeQuery("SELECT DISTINCT business_date FROM transactions WHERE business_date NOT IN"
              + " (SELECT business_date FROM business_days WHERE state = 'CLOSED') ORDER BY business_date")) {
        List<LocalDate> out = new ArrayList<>();
        while (r.next()) {
          out.add(LocalDate.parse(r.getString(1)));
        }
        return out;
      } catch (SQLException e) {
        throw Database.classify(e, "list the open business days");
      }
    }
  }
}
