package cn.unioncard.sim.bank;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The bank's ledger: one SQLite file (WAL, {@code synchronous=FULL}, so a committed answer survives a crash),
 * with the schema made and migrated by {@link LedgerSchema}. It alone holds the database: its SQL is in the table
 * classes ({@link LedgerTables}), which code reaches only inside {@link #transaction}. Every change runs in one
 * transaction, and one connection serialises them, so an idempotency key, its stored answer and the money it
 * moved commit together or not at all.
 *
 * <p>The ledger holds no clear PAN: cards are keyed by the PAN hash (HMAC-SM3 under the PAN hash key), and a
 * card's PIN by a keyed check value. The public methods are the queries a test or the control API uses.
 */
public final class Ledger implements AutoCloseable {
  private final Connection db;
  private final LedgerTables tables;
  private final Path file;

  /** Something done inside one ledger transaction, on its tables. */
  interface Work<T> {
    T run(LedgerTables tables) throws SQLException, ApiException;
  }

  private Ledger(Path file, Connection db) {
    this.file = file;
    this.db = db;
    this.tables = new LedgerTables(db);
  }

  /** Opens (creating or migrating) the ledger in {@code file}. */
  static Ledger open(Path file) {
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA foreign_keys=ON");
        s.execute("PRAGMA busy_timeout=5000");
      }
      Ledger l = new Ledger(file, c);
      synchronized (l) {
        LedgerSchema.migrate(c);
      }
      return l;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the bank ledger " + file + ": " + e.getMessage(), e);
    }
  }

  /** The SQLite file. */
  public Path file() {
    return file;
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  synchronized <T> T transaction(Work<T> work) throws ApiException {
    try {
      db.setAutoCommit(false);
      try {
        T result = work.run(tables);
        db.commit();
        return result;
      } catch (SQLException | ApiException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("ledger failure: " + e.getMessage(), e);
    }
  }

  /** Runs a query (or a change) that needs no API error. */
  <T> T query(Work<T> work) {
    try {
      return transaction(work);
    } catch (ApiException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- queries for tests and the control API

  /** An account: the card's PAN hash and masked PAN, its kind, its balance and what is held on it. */
  public record Account(String panHash, String panMasked, String kind, long balanceFen, long heldFen) {
    /** What can still be spent. */
    public long availableFen() {
      return balanceFen - heldFen;
    }
  }

  /** An authorisation as the bank holds it. */
  public record Authorisation(
      String transactionId, String terminalId, String merchantId, String panHash, long amountFen,
      long benefitFen, long debitFen, String status, String reason, String authCode) {}

  /** A settled record as the bank holds it. */
  public record Record(
      String transactionId, String terminalId, String batchId, String type, String businessDate,
      String panHash, long amountFen, long benefitFen, long debitFen, long ecashFen, long purseFen,
      long merchantFen, long bankFen, long unionSubsidyFen, String originalTransactionId, String contentSha256) {}

  /** A count and an amount. */
  public record Total(long count, long amountFen) {}

  /** A terminal's day as the bank computes it from the records it holds. */
  public record DayTotals(
      Map<String, Total> categories, Map<String, Long> funding, Map<String, List<String>> transactionIds) {}

  /** A business day's close as stored. */
  public record Day(String terminalId, String businessDate, String status, String result) {}

  /** Every account, by PAN hash and kind. */
  public List<Account> accounts() {
    return query(t -> t.accounts().all());
  }

  /** One account of a card, or null. */
  public Account account(String panHash, String kind) {
    for (Account a : accounts()) {
      if (a.panHash().equals(panHash) && a.kind().equals(kind)) {
        return a;
      }
    }
    return null;
  }

  /** Every authorisation, oldest first. */
  public List<Authorisation> authorisations() {
    return query(t -> t.authorisations().all());
  }

  /** One authorisation, or null. */
  public Authorisation authorisation(String transactionId) {
    for (Authorisation a : authorisations()) {
      if (a.transactionId().equals(transactionId)) {
        return a;
      }
    }
    return null;
  }

  /** The records of a terminal's business day (both null: every record), in transaction id order. */
  public List<Record> records(String terminalId, String businessDate) {
    return query(t -> t.records().ofDay(terminalId, businessDate));
  }

  /** The totals of a terminal's day, computed from the records the bank holds (the rule of {@link DayTotalsRule}). */
  public DayTotals totals(String terminalId, String businessDate) {
    return DayTotalsRule.of(records(terminalId, businessDate));
  }

  /** The stored business-day closes, by terminal and date. */
  public List<Day> days() {
    return query(t -> t.businessDays().all());
  }

  /** How many idempotency keys the bank keeps now. */
  public long idempotencyKeys() {
    return query(t -> t.idempotency().count());
  }
}
