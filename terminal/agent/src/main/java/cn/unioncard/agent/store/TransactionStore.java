package cn.unioncard.agent.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The terminal's transactions in a SQLite file: every transaction a row with a state machine ({@link TxState}), a
 * transaction id made of the terminal id and a monotonic sequence that survives restarts, and an upload state for
 * the settlement worker.
 *
 * <p>Durability: WAL journal with {@code synchronous=FULL}, so a committed write survives a crash or a power cut;
 * each step is one SQLite transaction, so a crash never leaves half a step. Schema versions are migrations in this
 * class ({@code PRAGMA user_version}). A full disk or an unwritable file gives a {@link StoreException} whose kind
 * says so; the store keeps what it has and works again when the disk does.
 *
 * <p>One store object per file and process; its methods are thread-safe. Other processes ({@code ucard status})
 * may read the same file at the same time.
 */
public final class TransactionStore implements AutoCloseable {
  /** The schema, one migration per version: index i takes the database from version i to i + 1. */
  private static final String[][] MIGRATIONS = {
    {
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
      "CREATE TABLE sequence (id INTEGER PRIMARY KEY CHECK (id = 1), next INTEGER NOT NULL)",
      "INSERT INTO sequence (id, next) VALUES (1, 1)",
      "CREATE TABLE transactions ("
          + " id TEXT PRIMARY KEY,"
          + " seq INTEGER NOT NULL UNIQUE,"
          + " type TEXT NOT NULL,"
          + " state TEXT NOT NULL,"
          + " business_date TEXT NOT NULL,"
          + " created_at INTEGER NOT NULL,"
          + " updated_at INTEGER NOT NULL,"
          + " register_ref TEXT,"
          + " card_ref TEXT,"
          + " pan_encrypted BLOB,"
          + " amount_fen INTEGER NOT NULL DEFAULT 0,"
          + " benefit_fen INTEGER NOT NULL DEFAULT 0,"
          + " debit_fen INTEGER NOT NULL DEFAULT 0,"
          + " ecash_fen INTEGER NOT NULL DEFAULT 0,"
          + " purse_fen INTEGER NOT NULL DEFAULT 0,"
          + " merchant_fen INTEGER NOT NULL DEFAULT 0,"
          + " bank_fen INTEGER NOT NULL DEFAULT 0,"
          + " union_fen INTEGER NOT NULL DEFAULT 0,"
          + " original_id TEXT REFERENCES transactions (id),"
          + " auth_code TEXT,"
          + " reason TEXT,"
          + " detail TEXT,"
          + " upload_state TEXT NOT NULL DEFAULT 'NOT_DUE',"
          + " upload_attempts INTEGER NOT NULL DEFAULT 0,"
          + " upload_reason TEXT,"
          + " uploaded_at INTEGER)",
      "CREATE INDEX transactions_upload ON transactions (upload_state, seq)",
      "CREATE INDEX transactions_card ON transactions (card_ref, state)",
      "CREATE INDEX transactions_day ON transactions (business_date, type, state)",
      "CREATE UNIQUE INDEX transactions_register_ref ON transactions (type, register_ref) WHERE register_ref IS NOT NULL",
      "CREATE TABLE transitions ("
          + " transaction_id TEXT NOT NULL REFERENCES transactions (id),"
          + " at INTEGER NOT NULL,"
          + " from_state TEXT,"
          + " to_state TEXT NOT NULL)",
      "CREATE INDEX transitions_transaction ON transitions (transaction_id)"
    }
  };

  private static final String COLUMNS =
      "id, seq, type, state, business_date, created_at, updated_at, register_ref, card_ref, pan_encrypted,"
          + " amount_fen, benefit_fen, debit_fen, ecash_fen, purse_fen, merchant_fen, bank_fen, union_fen,"
          + " original_id, auth_code, reason, detail, upload_state, upload_attempts, upload_reason";

  private final Connection db;
  private final String terminalId;
  private final Clock clock;
  private final Path file;
  private final Map<String, PreparedStatement> statements = new java.util.HashMap<>();

  private TransactionStore(Connection db, String terminalId, Clock clock, Path file) {
    this.db = db;
    this.terminalId = terminalId;
    this.clock = clock;
    this.file = file;
  }

  /**
   * Opens (creating and migrating as needed) the store of terminal {@code terminalId} in {@code file}.
   *
   * @throws StoreException when the file cannot be opened or written, is not a store, or belongs to another
   *     terminal
   */
  public static TransactionStore open(Path file, String terminalId, Clock clock) throws StoreException {
    return open(file, terminalId, clock, 0);
  }

  /**
   * As {@link #open(Path, String, Clock)}, with the database bounded to about {@code maxBytes} (0: no bound other
   * than the disk's), so a validator offline for days keeps a bounded store: past the bound, writes fail with kind
   * {@code FULL} as on a full disk.
   */
  public static TransactionStore open(Path file, String terminalId, Clock clock, long maxBytes)
      throws StoreException {
    Objects.requireNonNull(terminalId, "terminalId");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes is negative");
    }
    if (!terminalId.matches("[A-Z0-9]{8,16}")) {
      throw new IllegalArgumentException("a terminal id is 8 to 16 of A-Z and 0-9, not '" + terminalId + "'");
    }
    Connection c = null;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new StoreException(StoreException.Kind.CANNOT_OPEN, "no directory " + parent + " for the store", null);
      }
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 5000");
        try (ResultSet r = s.executeQuery("PRAGMA journal_mode = WAL")) {
          r.next();
        }
        s.execute("PRAGMA synchronous = FULL");
        s.execute("PRAGMA foreign_keys = ON");
        if (maxBytes > 0) {
          long pageSize;
          try (ResultSet r = s.executeQuery("PRAGMA page_size")) {
            pageSize = r.next() ? r.getLong(1) : 4096;
          }
          try (ResultSet r = s.executeQuery("PRAGMA max_page_count = " + Math.max(1, maxBytes / pageSize))) {
            r.next();
          }
        }
      }
      migrate(c, file);
      TransactionStore store = new TransactionStore(c, terminalId, clock, file);
      store.claim();
      return store;
    } catch (SQLException e) {
      closeQuietly(c);
      throw classify(e, "cannot open the store " + file);
    } catch (StoreException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static void migrate(Connection c, Path file) throws SQLException, StoreException {
    int version;
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
      version = r.next() ? r.getInt(1) : 0;
    }
    if (version > MIGRATIONS.length) {
      throw new StoreException(
          StoreException.Kind.CANNOT_OPEN,
          file + " has schema version " + version + ", newer than this program's " + MIGRATIONS.length
              + ": upgrade the program",
          null);
    }
    for (int v = version; v < MIGRATIONS.length; v++) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : MIGRATIONS[v]) {
          s.execute(sql);
        }
        s.execute("PRAGMA user_version = " + (v + 1));
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** Binds the file to this terminal on first use, and refuses another terminal's file. */
  private void claim() throws StoreException {
    inTransaction("bind the store to terminal " + terminalId, () -> {
      try (PreparedStatement q = db.prepareStatement("SELECT value FROM meta WHERE key = 'terminal_id'");
          ResultSet r = q.executeQuery()) {
        if (r.next()) {
          if (!r.getString(1).equals(terminalId)) {
            throw new StoreException(
                StoreException.Kind.CANNOT_OPEN,
                file + " is the store of terminal " + r.getString(1) + ", not " + terminalId,
                null);
          }
          return null;
        }
      }
      try (PreparedStatement i = db.prepareStatement("INSERT INTO meta (key, value) VALUES ('terminal_id', ?)")) {
        i.setString(1, terminalId);
        i.executeUpdate();
      }
      return null;
    });
  }

  public String terminalId() {
    return terminalId;
  }

  /** The schema version of the file. */
  public static int schemaVersion() {
    return MIGRATIONS.length;
  }

  /**
   * Stores a new transaction in state {@link TxState#STARTED} under the next transaction id. The id and the row are
   * written in one SQLite transaction, so no id is ever given twice, even across crashes.
   *
   * @throws StoreException kind {@code CONFLICT} when the register reference was already used for this type (look it
   *     up with {@link #byRegisterRef})
   */
  public synchronized TxRecord begin(NewTx tx) throws StoreException {
    return inTransaction("store a new " + tx.type, () -> {
      long seq;
      try (ResultSet r = statement("SELECT next FROM sequence WHERE id = 1").executeQuery()) {
        r.next();
        seq = r.getLong(1);
      }
      statement("UPDATE sequence SET next = next + 1 WHERE id = 1").executeUpdate();
      String id = transactionId(seq);
      long now = clock.millis();
      TxChange k = tx.known;
      PreparedStatement i = statement(
          "INSERT INTO transactions (id, seq, type, state, business_date, created_at, updated_at, register_ref,"
              + " card_ref, pan_encrypted, amount_fen, original_id, detail) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
      try {
        i.setString(1, id);
        i.setLong(2, seq);
        i.setString(3, tx.type.name());
        i.setString(4, TxState.STARTED.name());
        i.setString(5, tx.businessDate.toString());
        i.setLong(6, now);
        i.setLong(7, now);
        i.setString(8, tx.registerRef);
        i.setString(9, k.cardRef);
        i.setBytes(10, k.panEncrypted);
        i.setLong(11, k.amountFen == null ? 0 : k.amountFen);
        i.setString(12, tx.originalId);
        i.setString(13, k.detail);
        i.executeUpdate();
      } catch (SQLException e) {
        if (isConstraint(e) && String.valueOf(e.getMessage()).contains("FOREIGN")) {
          throw new StoreException(
              StoreException.Kind.CONFLICT, "no transaction " + tx.originalId + " to refer to", e);
        }
        if (isConstraint(e) && tx.registerRef != null) {
          throw new StoreException(
              StoreException.Kind.CONFLICT,
              "register reference " + tx.registerRef + " was already used for a " + tx.type,
              e);
        }
        throw e;
      }
      transition(id, null, TxState.STARTED, now);
      Instant at = Instant.ofEpochMilli(now);
      return new TxRecord(id, seq, tx.type, TxState.STARTED, tx.businessDate, at, at, tx.registerRef, k.cardRef,
          k.panEncrypted == null ? null : k.panEncrypted.clone(), k.amountFen == null ? 0 : k.amountFen,
          0, 0, 0, 0, 0, 0, 0, tx.originalId, null, null, k.detail, UploadState.NOT_DUE, 0, null);
    });
  }

  /**
   * Moves a transaction from {@code from} to {@code to} and writes {@code change}, in one SQLite transaction. Reaching
   * {@link TxState#APPROVED} makes the record due for upload.
   *
   * @throws IllegalArgumentException when the state machine does not allow the move (a defect of the caller)
   * @throws StoreException kind {@code CONFLICT} when the row is not in state {@code from} (or not there)
   */
  public synchronized TxRecord move(String id, TxState from, TxState to, TxChange change) throws StoreException {
    if (!from.canMoveTo(to)) {
      throw new IllegalArgumentException("a transaction cannot move from " + from + " to " + to);
    }
    TxChange c = change == null ? TxChange.none() : change;
    return inTransaction("move " + id + " to " + to, () -> {
      long now = clock.millis();
      StringBuilder sql = new StringBuilder("UPDATE transactions SET state = ?, updated_at = ?");
      List<Object> args = new ArrayList<>();
      args.add(to.name());
      args.add(now);
      set(sql, args, "amount_fen", c.amountFen);
      set(sql, args, "benefit_fen", c.benefitFen);
      set(sql, args, "debit_fen", c.debitFen);
      set(sql, args, "ecash_fen", c.ecashFen);
      set(sql, args, "purse_fen", c.purseFen);
      set(sql, args, "merchant_fen", c.merchantFen);
      set(sql, args, "bank_fen", c.bankFen);
      set(sql, args, "union_fen", c.unionFen);
      set(sql, args, "auth_code", c.authCode);
      set(sql, args, "reason", c.reason);
      set(sql, args, "detail", c.detail);
      set(sql, args, "card_ref", c.cardRef);
      set(sql, args, "pan_encrypted", c.panEncrypted);
      if (to == TxState.APPROVED) {
        set(sql, args, "upload_state", UploadState.PENDING.name());
      }
      sql.append(" WHERE id = ? AND state = ?");
      args.add(id);
      args.add(from.name());
      int n;
      try (PreparedStatement u = db.prepareStatement(sql.toString())) {
        bind(u, args);
        n = u.executeUpdate();
      }
      if (n != 1) {
        Optional<TxRecord> now2 = get(id);
        throw new StoreException(
            StoreException.Kind.CONFLICT,
            now2.isPresent()
                ? id + " is " + now2.get().state() + ", not " + from
                : "no transaction " + id,
            null);
      }
      transition(id, from, to, now);
      return get(id).get();
    });
  }

  /** The transaction with that id. */
  public synchronized Optional<TxRecord> get(String id) throws StoreException {
    return one("SELECT " + COLUMNS + " FROM transactions WHERE id = ?", id);
  }

  /** The transaction of this type the register asked for with this reference. */
  public synchronized Optional<TxRecord> byRegisterRef(TxType type, String registerRef) throws StoreException {
    return one(
        "SELECT " + COLUMNS + " FROM transactions WHERE type = '" + type.name() + "' AND register_ref = ?",
        registerRef);
  }

  /** Transactions recovery must finish ({@link TxState#isUnfinished()}), oldest first. */
  public synchronized List<TxRecord> unfinished() throws StoreException {
    return list(
        "SELECT " + COLUMNS + " FROM transactions WHERE state IN " + unfinishedStates() + " ORDER BY seq",
        Collections.emptyList());
  }

  /** The unfinished transactions of one card: finished before that card's next transaction. */
  public synchronized List<TxRecord> unfinishedForCard(String cardRef) throws StoreException {
    return list(
        "SELECT " + COLUMNS + " FROM transactions WHERE card_ref = ? AND state IN " + unfinishedStates()
            + " ORDER BY seq",
        Collections.singletonList(cardRef));
  }

  // --- queries of the checkout (added for issue 6; additive, nothing above changed) ---------------------------------

  /** The transactions that refer to {@code originalId} (its refunds, its void), oldest first. */
  public synchronized List<TxRecord> byOriginal(String originalId) throws StoreException {
    return list("SELECT " + COLUMNS + " FROM transactions WHERE original_id = ? ORDER BY seq",
        Collections.singletonList(originalId));
  }

  /**
   * The approved sales of one card from {@code fromDate} (a business date) on, oldest first: what the per-member
   * discount limits count.
   */
  public synchronized List<TxRecord> approvedSalesOfCard(String cardRef, LocalDate fromDate) throws StoreException {
    return list("SELECT " + COLUMNS + " FROM transactions WHERE card_ref = ? AND state = 'APPROVED' AND type = 'SALE'"
        + " AND business_date >= ? ORDER BY seq", java.util.Arrays.asList(cardRef, fromDate.toString()));
  }

  /** The newest transaction of this type, whatever its state. */
  public synchronized Optional<TxRecord> last(TxType type) throws StoreException {
    List<TxRecord> l = list("SELECT " + COLUMNS + " FROM transactions WHERE type = ? ORDER BY seq DESC LIMIT 1",
        Collections.singletonList(type.name()));
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** What waits for upload: how many records, their amount per account, and when the oldest was made. */
  public record Pending(long count, long amountFen, long benefitFen, long debitFen, long ecashFen, Instant oldest) {}

  /** The records not yet taken by the bank ({@code PENDING} or {@code REJECTED}): the offline risk limits' input. */
  public synchronized Pending pending() throws StoreException {
    try (ResultSet r = statement("SELECT count(*), coalesce(sum(amount_fen), 0), coalesce(sum(benefit_fen), 0),"
        + " coalesce(sum(debit_fen), 0), coalesce(sum(ecash_fen), 0), min(created_at) FROM transactions"
        + " WHERE upload_state IN ('PENDING', 'REJECTED')").executeQuery()) {
      r.next();
      long oldest = r.getLong(6);
      boolean none = r.wasNull();
      return new Pending(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
          none ? null : Instant.ofEpochMilli(oldest));
    } catch (SQLException e) {
      throw classify(e, "count the records waiting for upload");
    }
  }

  /** Up to {@code limit} records due for upload, oldest first. */
  public synchronized List<TxRecord> pendingUpload(int limit) throws StoreException {
    return list(
        "SELECT " + COLUMNS + " FROM transactions WHERE upload_state = 'PENDING' ORDER BY seq LIMIT " + limit,
        Collections.emptyList());
  }

  /** How many records are in each upload state. */
  public synchronized Map<UploadState, Long> uploadCounts() throws StoreException {
    Map<UploadState, Long> out = new EnumMap<>(UploadState.class);
    for (UploadState u : UploadState.values()) {
      out.put(u, 0L);
    }
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT upload_state, count(*) FROM transactions GROUP BY upload_state")) {
      while (r.next()) {
        out.put(UploadState.valueOf(r.getString(1)), r.getLong(2));
      }
      return out;
    } catch (SQLException e) {
      throw classify(e, "count the records by upload state");
    }
  }

  /** The bank's answer to one uploaded record. */
  public record UploadResult(String transactionId, UploadState outcome, String reason) {}

  /** Writes the bank's answers to a batch, all in one SQLite transaction; each counts as an attempt. */
  public synchronized void recordUploads(List<UploadResult> results) throws StoreException {
    inTransaction("record " + results.size() + " upload results", () -> {
      long now = clock.millis();
      try (PreparedStatement u = db.prepareStatement(
          "UPDATE transactions SET upload_state = ?, upload_reason = ?, upload_attempts = upload_attempts + 1,"
              + " uploaded_at = ? WHERE id = ? AND upload_state IN ('PENDING', 'REJECTED')")) {
        for (UploadResult r : results) {
          if (r.outcome() == UploadState.NOT_DUE) {
            throw new IllegalArgumentException("an upload result cannot be NOT_DUE");
          }
          u.setString(1, r.outcome().name());
          u.setString(2, r.reason());
          if (r.outcome() == UploadState.PENDING) {
            u.setNull(3, Types.INTEGER);
          } else {
            u.setLong(3, now);
          }
          u.setString(4, r.transactionId());
          u.addBatch();
        }
        u.executeBatch();
      }
      return null;
    });
  }

  /** The file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    for (PreparedStatement p : statements.values()) {
      try {
        p.close();
      } catch (SQLException ignored) {
        // closing the connection below closes it anyway
      }
    }
    statements.clear();
    closeQuietly(db);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private String transactionId(long seq) {
    return terminalId + "-" + String.format(Locale.ROOT, "%012d", seq);
  }

  private void transition(String id, TxState from, TxState to, long at) throws SQLException {
    PreparedStatement i =
        statement("INSERT INTO transitions (transaction_id, at, from_state, to_state) VALUES (?, ?, ?, ?)");
    i.setString(1, id);
    i.setLong(2, at);
    i.setString(3, from == null ? null : from.name());
    i.setString(4, to.name());
    i.executeUpdate();
  }

  /** A prepared statement kept for the life of the store (the hot path prepares nothing). */
  private PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement p = statements.get(sql);
    if (p == null) {
      p = db.prepareStatement(sql);
      statements.put(sql, p);
    }
    return p;
  }

  private static void set(StringBuilder sql, List<Object> args, String column, Object value) {
    if (value != null) {
      sql.append(", ").append(column).append(" = ?");
      args.add(value);
    }
  }

  private static void bind(PreparedStatement p, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof Long) {
        p.setLong(i + 1, (Long) a);
      } else if (a instanceof byte[]) {
        p.setBytes(i + 1, (byte[]) a);
      } else {
        p.setString(i + 1, (String) a);
      }
    }
  }

  private static String unfinishedStates() {
    StringBuilder b = new StringBuilder("(");
    for (TxState s : TxState.values()) {
      if (s.isUnfinished()) {
        b.append(b.length() == 1 ? "" : ", ").append('\'').append(s.name()).append('\'');
      }
    }
    return b.append(')').toString();
  }

  private Optional<TxRecord> one(String sql, String arg) throws StoreException {
    List<TxRecord> l = list(sql, Collections.singletonList(arg));
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  private List<TxRecord> list(String sql, List<String> args) throws StoreException {
    try (PreparedStatement q = db.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        q.setString(i + 1, args.get(i));
      }
      List<TxRecord> out = new ArrayList<>();
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(row(r));
        }
      }
      return out;
    } catch (SQLException e) {
      throw classify(e, "read transactions");
    }
  }

  private static TxRecord row(ResultSet r) throws SQLException {
    return new TxRecord(
        r.getString(1),
        r.getLong(2),
        TxType.valueOf(r.getString(3)),
        TxState.valueOf(r.getString(4)),
        LocalDate.parse(r.getString(5)),
        Instant.ofEpochMilli(r.getLong(6)),
        Instant.ofEpochMilli(r.getLong(7)),
        r.getString(8),
        r.getString(9),
        r.getBytes(10),
        r.getLong(11),
        r.getLong(12),
        r.getLong(13),
        r.getLong(14),
        r.getLong(15),
        r.getLong(16),
        r.getLong(17),
        r.getLong(18),
        r.getString(19),
        r.getString(20),
        r.getString(21),
        r.getString(22),
        UploadState.valueOf(r.getString(23)),
        r.getInt(24),
        r.getString(25));
  }

  /** A unit of work inside one SQLite transaction. */
  private interface Work<T> {
    T run() throws SQLException, StoreException;
  }

  private <T> T inTransaction(String what, Work<T> work) throws StoreException {
    try {
      db.setAutoCommit(false);
      try {
        T result = work.run();
        db.commit();
        return result;
      } catch (SQLException | StoreException | RuntimeException e) {
        rollbackQuietly();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("no transaction is active")) {
        // SQLite rolled the transaction back on its own: it does so on a full disk or database and on I/O errors
        throw new StoreException(
            isFull() ? StoreException.Kind.FULL : StoreException.Kind.IO,
            "cannot " + what + ": " + (isFull() ? "the disk or the database is full" : "the write was rolled back"),
            e);
      }
      throw classify(e, "cannot " + what);
    }
  }

  /** Whether the database has reached its page bound or its disk is (nearly) out of space. */
  private boolean isFull() {
    try (Statement s = db.createStatement();
        ResultSet count = s.executeQuery("PRAGMA page_count")) {
      long pages = count.next() ? count.getLong(1) : 0;
      try (ResultSet max = s.executeQuery("PRAGMA max_page_count")) {
        if (max.next() && pages >= max.getLong(1) - 1) {
          return true;
        }
      }
      return Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace() < 1024 * 1024;
    } catch (SQLException | java.io.IOException e) {
      return false;
    }
  }

  private void rollbackQuietly() {
    try {
      db.rollback();
    } catch (SQLException ignored) {
      // the transaction is gone with the connection's trouble; SQLite rolls back on its own
    }
  }

  private static boolean isConstraint(SQLException e) {
    return (e.getErrorCode() & 0xFF) == 19; // SQLITE_CONSTRAINT
  }

  /** Names the failure by SQLite's primary result code (https://www.sqlite.org/rescode.html). */
  static StoreException classify(SQLException e, String what) {
    int code = e.getErrorCode() & 0xFF;
    StoreException.Kind kind;
    String why;
    switch (code) {
      case 13: // SQLITE_FULL
        kind = StoreException.Kind.FULL;
        why = "the disk or the database is full";
        break;
      case 8: // SQLITE_READONLY
      case 3: // SQLITE_PERM
        kind = StoreException.Kind.READ_ONLY;
        why = "the database cannot be written";
        break;
      case 14: // SQLITE_CANTOPEN
        kind = StoreException.Kind.CANNOT_OPEN;
        why = "the database file cannot be opened";
        break;
      case 26: // SQLITE_NOTADB
      case 11: // SQLITE_CORRUPT
        kind = StoreException.Kind.CORRUPT;
        why = "the file is not a sound database";
        break;
      case 10: // SQLITE_IOERR
        kind = StoreException.Kind.IO;
        why = "the disk reported an I/O error";
        break;
      default:
        kind = StoreException.Kind.OTHER;
        why = e.getMessage();
    }
    return new StoreException(kind, what + ": " + why, e);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // nothing more to do with a connection we are dropping
      }
    }
  }
}
