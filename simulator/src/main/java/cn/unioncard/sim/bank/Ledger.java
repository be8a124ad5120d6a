package cn.unioncard.sim.bank;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bank's ledger: one SQLite file (WAL, {@code synchronous=FULL}, so a committed answer survives a crash),
 * with the schema made and migrated here. Every change runs in one transaction through {@link #transaction}, and
 * one connection serialises them, so an idempotency key, its stored answer and the money it moved commit
 * together or not at all.
 *
 * <p>The ledger holds no clear PAN: cards are keyed by the PAN hash (HMAC-SM3 under the PAN hash key), and a
 * card's PIN by a keyed check value. The public methods are the queries a test or the control API uses.
 */
public final class Ledger implements AutoCloseable {
  /** The schema version this code makes. */
  static final int SCHEMA_VERSION = 1;

  private final Connection db;
  private final Path file;

  /** Something done inside one ledger transaction. */
  interface Work<T> {
    T run(Connection db) throws SQLException, ApiException;
  }

  private Ledger(Path file, Connection db) {
    this.file = file;
    this.db = db;
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
      l.migrate();
      return l;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the bank ledger " + file + ": " + e.getMessage(), e);
    }
  }

  /** The SQLite file. */
  public Path file() {
    return file;
  }

  private void migrate() throws SQLException {
    synchronized (this) {
      try (Statement s = db.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        int version = 0;
        try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
          if (rs.next()) {
            version = rs.getInt(1);
          }
        }
        if (version > SCHEMA_VERSION) {
          throw new SQLException("the ledger has schema " + version + ", newer than this simulator's "
              + SCHEMA_VERSION);
        }
        db.setAutoCommit(false);
        try {
          if (version < 1) {
            for (String ddl : SCHEMA_1) {
              s.execute(ddl);
            }
            s.execute("INSERT INTO schema_version (version) VALUES (1)");
          }
          db.commit();
        } catch (SQLException e) {
          db.rollback();
          throw e;
        } finally {
          db.setAutoCommit(true);
        }
      }
    }
  }

  private static final String[] SCHEMA_1 = {
    "CREATE TABLE terminals (terminal_id TEXT PRIMARY KEY, signature_alg TEXT NOT NULL,"
        + " public_key BLOB NOT NULL, tmk BLOB NOT NULL, created_at TEXT NOT NULL)",
    "CREATE TABLE working_keys (terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),"
        + " key_version INTEGER NOT NULL, business_date TEXT NOT NULL, issued_at TEXT NOT NULL,"
        + " algorithm TEXT NOT NULL, pin_key BLOB NOT NULL, mac_key BLOB NOT NULL, data_key BLOB NOT NULL,"
        + " PRIMARY KEY (terminal_id, key_version))",
    "CREATE TABLE members (member_id TEXT PRIMARY KEY, union_name TEXT NOT NULL, category TEXT NOT NULL,"
        + " valid_until TEXT NOT NULL)",
    "CREATE TABLE cards (pan_hash TEXT PRIMARY KEY, psn TEXT NOT NULL, expiry TEXT NOT NULL,"
        + " pin_check TEXT, status TEXT NOT NULL, pin_tries INTEGER NOT NULL DEFAULT 0,"
        + " last_atc INTEGER NOT NULL DEFAULT -1, member_id TEXT REFERENCES members(member_id),"
        + " pan_masked TEXT NOT NULL)",
    "CREATE TABLE accounts (account_id INTEGER PRIMARY KEY AUTOINCREMENT,"
        + " pan_hash TEXT NOT NULL REFERENCES cards(pan_hash), kind TEXT NOT NULL CHECK (kind IN ('debit','benefit')),"
        + " balance_fen INTEGER NOT NULL, held_fen INTEGER NOT NULL DEFAULT 0, UNIQUE (pan_hash, kind))",
    "CREATE TABLE merchants (merchant_id TEXT PRIMARY KEY, name TEXT NOT NULL)",
    "CREATE TABLE authorisations (transaction_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL,"
        + " merchant_id TEXT NOT NULL, pan_hash TEXT NOT NULL, amount_fen INTEGER NOT NULL,"
        + " benefit_fen INTEGER NOT NULL, debit_fen INTEGER NOT NULL, status TEXT NOT NULL,"
        + " reason TEXT, auth_code TEXT, arc TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
    "CREATE TABLE records (transaction_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, batch_id TEXT NOT NULL,"
        + " type TEXT NOT NULL, business_date TEXT NOT NULL, record_time TEXT NOT NULL, pan_hash TEXT NOT NULL,"
        + " amount_fen INTEGER NOT NULL, benefit_fen INTEGER NOT NULL, debit_fen INTEGER NOT NULL,"
        + " ecash_fen INTEGER NOT NULL, purse_fen INTEGER NOT NULL, merchant_fen INTEGER NOT NULL,"
        + " bank_fen INTEGER NOT NULL, union_subsidy_fen INTEGER NOT NULL, original_transaction_id TEXT,"
        + " auth_code TEXT, content_sha256 TEXT NOT NULL, content BLOB NOT NULL, received_at TEXT NOT NULL)",
    "CREATE INDEX records_by_day ON records (terminal_id, business_date)",
    "CREATE TABLE batches (terminal_id TEXT NOT NULL, batch_id TEXT NOT NULL, received_at TEXT NOT NULL,"
        + " records INTEGER NOT NULL, accepted INTEGER NOT NULL, duplicates INTEGER NOT NULL,"
        + " rejected INTEGER NOT NULL, PRIMARY KEY (terminal_id, batch_id, received_at))",
    "CREATE TABLE business_days (terminal_id TEXT NOT NULL, business_date TEXT NOT NULL,"
        + " status TEXT NOT NULL, result TEXT NOT NULL, terminal_totals TEXT NOT NULL, bank_totals TEXT NOT NULL,"
        + " updated_at TEXT NOT NULL, PRIMARY KEY (terminal_id, business_date))",
    "CREATE TABLE idempotency (terminal_id TEXT NOT NULL, idempotency_key TEXT NOT NULL,"
        + " method_path TEXT NOT NULL, request_sha256 TEXT NOT NULL, status INTEGER NOT NULL, body BLOB NOT NULL,"
        + " created_at INTEGER NOT NULL, PRIMARY KEY (terminal_id, idempotency_key))",
    "CREATE INDEX idempotency_by_age ON idempotency (created_at)",
    "CREATE TABLE seen_requests (request_id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL)",
    "CREATE INDEX seen_requests_by_age ON seen_requests (seen_at)",
    "CREATE TABLE reference_documents (kind TEXT NOT NULL, version INTEGER NOT NULL,"
        + " base_version INTEGER, issued_at TEXT NOT NULL, content BLOB NOT NULL,"
        + " PRIMARY KEY (kind, version, base_version))",
  };

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  synchronized <T> T transaction(Work<T> work) throws ApiException {
    try {
      db.setAutoCommit(false);
      try {
        T result = work.run(db);
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
    return query(c -> {
      List<Account> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT a.pan_hash, c.pan_masked, a.kind, a.balance_fen, a.held_fen FROM accounts a"
              + " JOIN cards c ON c.pan_hash = a.pan_hash ORDER BY a.pan_hash, a.kind");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
        }
      }
      return out;
    });
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
    return query(c -> {
      List<Authorisation> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT transaction_id, terminal_id, merchant_id, pan_hash, amount_fen, benefit_fen, debit_fen,"
              + " status, reason, auth_code FROM authorisations ORDER BY created_at, transaction_id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Authorisation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10)));
        }
      }
      return out;
    });
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
    return query(c -> recordsOf(c, terminalId, businessDate));
  }

  static List<Record> recordsOf(Connection c, String terminalId, String businessDate) throws SQLException {
    List<Record> out = new ArrayList<>();
    String sql = "SELECT transaction_id, terminal_id, batch_id, type, business_date, pan_hash, amount_fen,"
        + " benefit_fen, debit_fen, ecash_fen, purse_fen, merchant_fen, bank_fen, union_subsidy_fen,"
        + " original_transaction_id, content_sha256 FROM records"
        + (terminalId == null ? "" : " WHERE terminal_id = ? AND business_date = ?")
        + " ORDER BY transaction_id";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (terminalId != null) {
        ps.setString(1, terminalId);
        ps.setString(2, businessDate);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Record(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
              rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getString(15),
              rs.getString(16)));
        }
      }
    }
    return out;
  }

  /** The totals of a terminal's day, computed from the records the bank holds (the rule of {@link #totalsOf}). */
  public DayTotals totals(String terminalId, String businessDate) {
    return totalsOf(records(terminalId, businessDate));
  }

  /** The categories of the day close (docs/bank-api.md). */
  static final String[] CATEGORIES = {"debit", "benefit", "ecash", "transit", "refund", "reversal"};

  /** The funding sources of the day close. */
  static final String[] SOURCES = {"merchant_concession", "bank_subsidy", "union_ride_subsidy"};

  /**
   * The day's totals. A sale counts once in each of {@code debit}, {@code benefit}, {@code ecash} and
   * {@code transit} (purse) whose funding part is above zero, with that part as the amount; a trip counts in
   * {@code transit} with its amount; a refund in {@code refund} and a reversal or void in {@code reversal}, each
   * with its amount. Funding sources sum the discounts' merchant and bank parts and the trips' union subsidy,
   * over sales and trips. An {@code ecash_unknown} record (an offline sale whose outcome the terminal does not know)
   * counts nowhere. The transaction ids are kept per category and per source.
   */
  static DayTotals totalsOf(List<Record> records) {
    Map<String, long[]> cat = new LinkedHashMap<>();
    Map<String, List<String>> ids = new LinkedHashMap<>();
    for (String c : CATEGORIES) {
      cat.put(c, new long[2]);
      ids.put(c, new ArrayList<>());
    }
    Map<String, Long> funding = new LinkedHashMap<>();
    for (String s : SOURCES) {
      funding.put(s, 0L);
      ids.put(s, new ArrayList<>());
    }
    for (Record r : records) {
      switch (r.type()) {
        case "sale":
          add(cat, ids, "debit", r.debitFen(), r);
          add(cat, ids, "benefit", r.benefitFen(), r);
          add(cat, ids, "ecash", r.ecashFen(), r);
          add(cat, ids, "transit", r.purseFen(), r);
          addFunding(funding, ids, r);
          break;
        case "trip":
          addAlways(cat, ids, "transit", r.amountFen(), r);
          addFunding(funding, ids, r);
          break;
        case "refund":
          addAlways(cat, ids, "refund", r.amountFen(), r);
          break;
        case "ecash_unknown":
          break; // not an approved sale: it counts nowhere until the card's clearing proves it
        default: // reversal, void
          addAlways(cat, ids, "reversal", r.amountFen(), r);
          break;
      }
    }
    Map<String, Total> totals = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : cat.entrySet()) {
      totals.put(e.getKey(), new Total(e.getValue()[0], e.getValue()[1]));
    }
    return new DayTotals(totals, funding, ids);
  }

  private static void add(Map<String, long[]> cat, Map<String, List<String>> ids, String c, long fen, Record r) {
    if (fen > 0) {
      addAlways(cat, ids, c, fen, r);
    }
  }

  private static void addAlways(
      Map<String, long[]> cat, Map<String, List<String>> ids, String c, long fen, Record r) {
    cat.get(c)[0]++;
    cat.get(c)[1] += fen;
    ids.get(c).add(r.transactionId());
  }

  private static void addFunding(Map<String, Long> funding, Map<String, List<String>> ids, Record r) {
    long[] parts = {r.merchantFen(), r.bankFen(), r.unionSubsidyFen()};
    for (int i = 0; i < SOURCES.length; i++) {
      if (parts[i] > 0) {
        funding.merge(SOURCES[i], parts[i], Long::sum);
        ids.get(SOURCES[i]).add(r.transactionId());
      }
    }
  }

  /** The stored business-day closes, by terminal and date. */
  public List<Day> days() {
    return query(c -> {
      List<Day> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT terminal_id, business_date, status, result FROM business_days ORDER BY terminal_id, business_date");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Day(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
      return out;
    });
  }

  /** How many idempotency keys the bank keeps now. */
  public long idempotencyKeys() {
    return query(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM idempotency");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }
}
