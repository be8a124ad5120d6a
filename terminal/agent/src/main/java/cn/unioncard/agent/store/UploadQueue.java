package cn.unioncard.agent.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The records on their way to the bank: reaching {@link TxState#APPROVED} makes a record due
 * ({@link UploadState#PENDING}); the settlement worker takes the due ones oldest first and writes the bank's answers
 * per batch in one SQLite transaction. Reached through {@link TransactionStore#uploads()}.
 */
public final class UploadQueue {
  private final Database db;
  private final TxRows rows;
  private final Clock clock;

  UploadQueue(Database db, TxRows rows, Clock clock) {
    this.db = db;
    this.rows = rows;
    this.clock = clock;
  }

  /** What waits for upload: how many records, their amount per account, and when the oldest was made. */
  public record Pending(long count, long amountFen, long benefitFen, long debitFen, long ecashFen, Instant oldest) {}

  /** The records not yet taken by the bank ({@code PENDING} or {@code REJECTED}): the offline risk limits' input. */
  public Pending pending() throws StoreException {
    synchronized (db) {
      try (ResultSet r = db.statement("SELECT count(*), coalesce(sum(amount_fen), 0), coalesce(sum(benefit_fen), 0),"
          + " coalesce(sum(debit_fen), 0), coalesce(sum(ecash_fen), 0), min(created_at) FROM transactions"
          + " WHERE upload_state IN ('PENDING', 'REJECTED')").executeQuery()) {
        r.next();
        long oldest = r.getLong(6);
        boolean none = r.wasNull();
        return new Pending(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
            none ? null : Instant.ofEpochMilli(oldest));
      } catch (SQLException e) {
        throw Database.classify(e, "count the records waiting for upload");
      }
    }
  }

  /** Up to {@code limit} records due for upload, oldest first. */
  public List<TxRecord> pendingUpload(int limit) throws StoreException {
    synchronized (db) {
      return rows.list(
          "SELECT " + TxRows.COLUMNS + " FROM transactions INDEXED BY transactions_pending"
              + " WHERE upload_state = 'PENDING' ORDER BY seq LIMIT " + Math.max(0, limit),
          Collections.emptyList());
    }
  }

  /**
   * Up to {@code limit} records to send now, oldest first: those due ({@link UploadState#PENDING}) and the refused
   * ones ({@link UploadState#REJECTED}) whose next attempt, set with their outcome, has come.
   */
  public List<TxRecord> dueForUpload(int limit) throws StoreException {
    synchronized (db) {
      List<TxRecord> pending = pendingUpload(limit);
      List<TxRecord> retry = rows.list(
          "SELECT " + TxRows.COLUMNS + " FROM transactions INDEXED BY transactions_refused"
              + " WHERE upload_state IN ('REJECTED', 'QUARANTINED') AND upload_state = 'REJECTED'"
              + " AND upload_next_at IS NOT NULL AND upload_next_at <= ? ORDER BY seq LIMIT " + Math.max(0, limit),
          Collections.singletonList(clock.millis()));
      if (retry.isEmpty()) {
        return pending;
      }
      List<TxRecord> all = new ArrayList<>(pending);
      all.addAll(retry);
      all.sort((a, b) -> Long.compare(a.seq(), b.seq()));
      return all.size() > limit ? new ArrayList<>(all.subList(0, limit)) : all;
    }
  }

  /** The records the bank refused: {@link UploadState#REJECTED} and {@link UploadState#QUARANTINED}, oldest first. */
  public List<TxRecord> refused() throws StoreException {
    synchronized (db) {
      return rows.list(
          "SELECT " + TxRows.COLUMNS + " FROM transactions INDEXED BY transactions_refused"
              + " WHERE upload_state IN ('REJECTED', 'QUARANTINED') ORDER BY seq",
          Collections.emptyList());
    }
  }

  /** The quarantined records (refused too often, moved aside; shown in status), oldest first. */
  public List<TxRecord> quarantined() throws StoreException {
    synchronized (db) {
      List<TxRecord> out = new ArrayList<>();
      for (TxRecord r : refused()) {
        if (r.uploadState() == UploadState.QUARANTINED) {
          out.add(r);
        }
      }
      return out;
    }
  }

  /** The refused records escalated for a person to look at (a reversal is never moved aside: it is escalated). */
  public List<TxRecord> escalated() throws StoreException {
    synchronized (db) {
      return rows.list(
          "SELECT " + TxRows.COLUMNS + " FROM transactions INDEXED BY transactions_refused"
              + " WHERE upload_state IN ('REJECTED', 'QUARANTINED') AND escalated = 1 ORDER BY seq",
          Collections.emptyList());
    }
  }

  /** How many records are in each upload state. */
  public Map<UploadState, Long> uploadCounts() throws StoreException {
    Map<UploadState, Long> out = new EnumMap<>(UploadState.class);
    for (UploadState u : UploadState.values()) {
      out.put(u, 0L);
    }
    synchronized (db) {
      try (Statement s = db.connection().createStatement();
          ResultSet r = s.executeQuery("SELECT upload_state, count(*) FROM transactions GROUP BY upload_state")) {
        while (r.next()) {
          out.put(UploadState.valueOf(r.getString(1)), r.getLong(2));
        }
        return out;
      } catch (SQLException e) {
        throw Database.classify(e, "count the records by upload state");
      }
    }
  }

  /** How many records are due for upload (cheap: the partial index of due records). */
  public long pendingCount() throws StoreException {
    synchronized (db) {
      try (Statement s = db.connection().createStatement();
          ResultSet r = s.executeQuery(
              "SELECT count(*) FROM transactions INDEXED BY transactions_pending WHERE upload_state = 'PENDING'")) {
        r.next();
        return r.getLong(1);
      } catch (SQLException e) {
        throw Database.classify(e, "count the records due for upload");
      }
    }
  }

  /** When the bank last took a record of this store (accepted or duplicate), or null when it never did. */
  public Instant lastUploadAt() throws StoreException {
    synchronized (db) {
      try (Statement s = db.connection().createStatement();
          ResultSet r = s.executeQuery("SELECT max(uploaded_at) FROM transactions")) {
        long at = r.next() ? r.getLong(1) : 0;
        return r.wasNull() || at == 0 ? null : Instant.ofEpochMilli(at);
      } catch (SQLException e) {
        throw Database.classify(e, "read the last upload's time");
      }
    }
  }

  /** The bank's answer to one uploaded record. */
  public record UploadResult(String transactionId, UploadState outcome, String reason) {}

  /** Writes the bank's answers to a batch, all in one SQLite transaction; each counts as an attempt. */
  public void recordUploads(List<UploadResult> results) throws StoreException {
    List<UploadOutcome> outcomes = new ArrayList<>(results.size());
    for (UploadResult r : results) {
      outcomes.add(new UploadOutcome(r.transactionId(), r.outcome(), r.reason(), null, false));
    }
    recordUploadOutcomes(outcomes);
  }

  /**
   * What the settlement worker decided for one uploaded record: its new upload state, the bank's reason, when a
   * refused record may be sent again (null: not by itself), and whether it is escalated for a person.
   */
  public record UploadOutcome(
      String transactionId, UploadState state, String reason, Instant retryAt, boolean escalated) {
    public UploadOutcome {
      if (state == UploadState.NOT_DUE) {
        throw new IllegalArgumentException("an upload result cannot be NOT_DUE");
      }
    }
  }

  /**
   * Writes the outcomes of one batch in one SQLite transaction, so a crash leaves either all of them or none (and a
   * record sent but not marked is sent again: the bank answers {@code duplicate}). Each counts as an attempt. Only a
   * record still due or refused changes: an accepted record is never moved back.
   */
  public void recordUploadOutcomes(List<UploadOutcome> outcomes) throws StoreException {
    synchronized (db) {
      db.inTransaction("record " + outcomes.size() + " upload results", () -> {
        long now = clock.millis();
        PreparedStatement refused = db.statement(
            "UPDATE transactions SET upload_state = ?, upload_reason = ?, upload_attempts = upload_attempts + 1,"
                + " uploaded_at = ?, upload_next_at = ?, escalated = ?"
                + " WHERE seq = ? AND upload_state IN ('PENDING', 'REJECTED')");
        // what the bank took is recorded even when the row stopped being due meanwhile (moved to REVERSAL_NEEDED
        // while its batch was on the way): the store then knows the undoing must reach the bank as a record
        PreparedStatement taken = db.statement(
            "UPDATE transactions SET upload_state = ?, upload_reason = ?, upload_attempts = upload_attempts + 1,"
                + " uploaded_at = ?, upload_next_at = ?, escalated = ?"
                + " WHERE seq = ? AND (upload_state IN ('PENDING', 'REJECTED')"
                + " OR (upload_state = 'NOT_DUE' AND state IN ('REVERSAL_NEEDED', 'REVERSED')))");
        for (UploadOutcome r : outcomes) {
          boolean done = r.state() == UploadState.ACCEPTED || r.state() == UploadState.DUPLICATE;
          PreparedStatement u = done ? taken : refused;
          u.setString(1, r.state().name());
          u.setString(2, r.reason());
          if (r.state() == UploadState.ACCEPTED || r.state() == UploadState.DUPLICATE) {
            u.setLong(3, now);
          } else {
            u.setNull(3, Types.INTEGER);
          }
          if (r.retryAt() == null) {
            u.setNull(4, Types.INTEGER);
          } else {
            u.setLong(4, r.retryAt().toEpochMilli());
          }
          u.setInt(5, r.escalated() ? 1 : 0);
          u.setLong(6, rows.seqOf(r.transactionId()));
          u.executeUpdate();
        }
        return null;
      });
    }
  }

  /**
   * Hands a quarantined (or refused) record back to the worker, after a person has looked at it: due again, its
   * attempts counted from zero. Returns whether the record was refused.
   */
  public boolean releaseForUpload(String id) throws StoreException {
    synchronized (db) {
      return db.inTransaction("release " + id + " for upload", () -> {
        PreparedStatement u = db.statement(
            "UPDATE transactions SET upload_state = 'PENDING', upload_attempts = 0, upload_next_at = NULL,"
                + " escalated = 0 WHERE seq = ? AND upload_state IN ('REJECTED', 'QUARANTINED')");
        u.setLong(1, rows.seqOf(id));
        return u.executeUpdate() == 1;
      });
    }
  }

  /**
   * Makes due for upload, as records of unknown outcome, the offline sales still waiting for their card
   * ({@code SALE} rows {@code AWAITING_CARD}) begun before {@code begunBefore}: their card did not come back within
   * the wait (docs/checkout.md, *Offline sales and the card's money*). The row stays {@code AWAITING_CARD}: the card
   * presented later still resolves it. Returns how many became due.
   */
  public int dueAsUnknown(Instant begunBefore) throws StoreException {
    synchronized (db) {
      long now = clock.millis();
      return db.inTransaction("make offline sales of unknown outcome due", () -> {
        try (PreparedStatement u = db.connection().prepareStatement("UPDATE transactions SET upload_state = 'PENDING',"
            + " upload_attempts = 0, upload_next_at = NULL, reason = 'outcome_unknown', updated_at = ?"
            + " WHERE type = 'SALE' AND state = 'AWAITING_CARD' AND upload_state = 'NOT_DUE' AND created_at < ?")) {
          u.setLong(1, now);
          u.setLong(2, begunBefore.toEpochMilli());
          return u.executeUpdate();
        }
      });
    }
  }
}
