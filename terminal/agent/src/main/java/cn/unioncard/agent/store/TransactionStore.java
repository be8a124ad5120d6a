package cn.unioncard.agent.store;

import cn.unioncard.agent.event.EventListener;
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
  /** The states recovery must finish, as an SQL list (the partial index below and its queries share it). */
  private static final String UNFINISHED = unfinishedStates();

  /**
   * The schema, one migration per version: index i takes the database from version i to i + 1.
   *
   * <p>Version 1 is shaped for one page a commit where it can: the sequence is the table's rowid (an id is the
   * terminal id and the sequence, so it needs no index of its own), the state history is a column of the row, and
   * the indexes are partial, so a row enters an index only while some query needs to find it (an unfinished row by
   * its card, a record due for upload or refused, a settled record by its business day).
   */
  private static final String[][] MIGRATIONS = {
    {
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
      "CREATE TABLE transactions ("
          + " seq INTEGER PRIMARY KEY,"
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
          + " original_id TEXT,"
          + " auth_code TEXT,"
          + " reason TEXT,"
          + " detail TEXT,"
          + " history TEXT NOT NULL,"
          + " upload_state TEXT NOT NULL DEFAULT 'NOT_DUE',"
          + " upload_attempts INTEGER NOT NULL DEFAULT 0,"
          + " upload_reason TEXT,"
          + " uploaded_at INTEGER,"
          + " upload_next_at INTEGER,"
          + " escalated INTEGER NOT NULL DEFAULT 0)",
      "CREATE UNIQUE INDEX transactions_register_ref ON transactions (type, register_ref)"
          + " WHERE register_ref IS NOT NULL",
      "CREATE INDEX transactions_unfinished ON transactions (card_ref) WHERE state IN " + UNFINISHED,
      "CREATE INDEX transactions_pending ON transactions (upload_state) WHERE upload_state = 'PENDING'",
      "CREATE INDEX transactions_refused ON transactions (upload_state)"
          + " WHERE upload_state IN ('REJECTED', 'QUARANTINED')",
      "CREATE INDEX transactions_day ON transactions (business_date) WHERE upload_state <> 'NOT_DUE'",
      "CREATE TABLE business_days ("
          + " business_date TEXT PRIMARY KEY,"
          + " state TEXT NOT NULL,"
          + " updated_at INTEGER NOT NULL,"
          + " detail TEXT)"
    },
    {
      // version 2: what the checkout last learnt of a card from the bank, by card_ref (the PAN's keyed hash, never
      // the PAN): the member look-up (category NULL: "not a member") and the benefit balance, each with its time
      "CREATE TABLE card_facts ("
          + " card_ref TEXT PRIMARY KEY,"
          + " member_at INTEGER,"
          + " member_category TEXT,"
          + " benefit_fen INTEGER,"
          + " benefit_at INTEGER)"
    }
  };

  private static final String COLUMNS =
      "seq, type, state, business_date, created_at, updated_at, register_ref, card_ref, pan_encrypted,"
          + " amount_fen, benefit_fen, debit_fen, ecash_fen, purse_fen, merchant_fen, bank_fen, union_fen,"
          + " original_id, auth_code, reason, detail, upload_state, upload_attempts, upload_reason";

  private final Connection db;
  private final String terminalId;
  private final Clock clock;
  private final Path file;
  private final Map<String, PreparedStatement> statements = new java.util.HashMap<>();
  /** Told at the start and end of each commit (the benchmarks' store time). */
  private final EventListener listener;

  private TransactionStore(Connection db, String terminalId, Clock clock, Path file, EventListener listener) {
    this.db = db;
    this.terminalId = terminalId;
    this.clock = clock;
    this.file = file;
    this.listener = listener;
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
    return open(file, terminalId, clock, maxBytes, EventListener.NONE);
  }

  /** As {@link #open(Path, String, Clock, long)}, telling {@code listener} of each commit. */
  public static TransactionStore open(Path file, String terminalId, Clock clock, long maxBytes,
      EventListener listener) throws StoreException {
    Objects.requireNonNull(terminalId, "terminalId");
    Objects.requireNonNull(listener, "listener");
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
      java.util.Properties properties = new java.util.Properties();
      // the driver would run its own "SELECT last_insert_rowid()", prepared afresh, after every INSERT for
      // getGeneratedKeys(), which the store never calls: it asks with a kept statement where it needs the rowid
      properties.setProperty("jdbc.get_generated_keys", "false");
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), properties);
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
      TransactionStore store = new TransactionStore(c, terminalId, clock, file, listener);
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

  /**
   * Changes the bound of the database to about {@code maxBytes} (0: only the disk's), as {@link #open(Path, String,
   * Clock, long)} sets it: more room makes a full store work again.
   */
  public synchronized void maxBytes(long maxBytes) throws StoreException {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes is negative");
    }
    try (Statement s = db.createStatement()) {
      long pageSize;
      try (ResultSet r = s.executeQuery("PRAGMA page_size")) {
        pageSize = r.next() ? r.getLong(1) : 4096;
      }
      long pages = maxBytes == 0 ? 1073741823L : Math.max(1, maxBytes / pageSize);
      try (ResultSet r = s.executeQuery("PRAGMA max_page_count = " + pages)) {
        r.next();
      }
    } catch (SQLException e) {
      throw classify(e, "change the bound of the store");
    }
  }

  /** The schema version of the file. */
  public static int schemaVersion() {
    return MIGRATIONS.length;
  }

  /**
   * Stores a new transaction under the next transaction id, in state {@link TxState#STARTED} or in the state the
   * caller started it in ({@link NewTx#startIn}). The id and the row are written in one SQLite transaction, so no id
   * is ever given twice, even across crashes.
   *
   * @throws StoreException kind {@code CONFLICT} when the register reference was already used for this type (look it
   *     up with {@link #byRegisterRef}), or the original transaction is not in the store
   */
  public synchronized TxRecord begin(NewTx tx) throws StoreException {
    return inTransaction("store a new " + tx.type, () -> insert(tx));
  }

  /**
   * Stores several new transactions in one SQLite transaction (an import, a test's or a benchmark's fixture): all of
   * them or none, ids in list order.
   */
  public synchronized List<TxRecord> beginAll(List<NewTx> txs) throws StoreException {
    return inTransaction("store " + txs.size() + " new transactions", () -> {
      List<TxRecord> out = new ArrayList<>(txs.size());
      for (NewTx tx : txs) {
        out.add(insert(tx));
      }
      return out;
    });
  }

  private TxRecord insert(NewTx tx) throws SQLException, StoreException {
    if (tx.originalId != null) {
      long original = seqOf(tx.originalId);
      boolean found = false;
      if (original > 0) {
        PreparedStatement q = statement("SELECT 1 FROM transactions WHERE seq = ?");
        q.setLong(1, original);
        try (ResultSet r = q.executeQuery()) {
          found = r.next();
        }
      }
      if (!found) {
        throw new StoreException(StoreException.Kind.CONFLICT, "no transaction " + tx.originalId + " to refer to", null);
      }
    }
    long now = clock.millis();
    TxChange k = tx.known;
    TxState state = tx.startState;
    String history = TxState.STARTED.name() + "@" + now
        + (state == TxState.STARTED ? "" : " " + state.name() + "@" + now);
    UploadState upload = state == TxState.APPROVED ? UploadState.PENDING : UploadState.NOT_DUE;
    PreparedStatement i = statement(
        "INSERT INTO transactions (type, state, business_date, created_at, updated_at, register_ref, card_ref,"
            + " pan_encrypted, amount_fen, benefit_fen, debit_fen, ecash_fen, purse_fen, merchant_fen, bank_fen,"
            + " union_fen, original_id, auth_code, reason, detail, history, upload_state)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    i.setString(1, tx.type.name());
    i.setString(2, state.name());
    i.setString(3, tx.businessDate.toString());
    i.setLong(4, now);
    i.setLong(5, now);
    i.setString(6, tx.registerRef);
    i.setString(7, k.cardRef);
    i.setBytes(8, k.panEncrypted);
    i.setLong(9, orZero(k.amountFen));
    i.setLong(10, orZero(k.benefitFen));
    i.setLong(11, orZero(k.debitFen));
    i.setLong(12, orZero(k.ecashFen));
    i.setLong(13, orZero(k.purseFen));
    i.setLong(14, orZero(k.merchantFen));
    i.setLong(15, orZero(k.bankFen));
    i.setLong(16, orZero(k.unionFen));
    i.setString(17, tx.originalId);
    i.setString(18, k.authCode);
    i.setString(19, k.reason);
    i.setString(20, k.detail);
    i.setString(21, history);
    i.setString(22, upload.name());
    try {
      i.executeUpdate();
    } catch (SQLException e) {
      if (isConstraint(e) && tx.registerRef != null) {
        throw new StoreException(
            StoreException.Kind.CONFLICT,
            "register reference " + tx.registerRef + " was already used for a " + tx.type,
            e);
      }
      throw e;
    }
    long seq;
    try (ResultSet r = statement("SELECT last_insert_rowid()").executeQuery()) {
      r.next();
      seq = r.getLong(1);
    }
    Instant at = Instant.ofEpochMilli(now);
    return new TxRecord(transactionId(seq), seq, tx.type, state, tx.businessDate, at, at, tx.registerRef, k.cardRef,
        k.panEncrypted == null ? null : k.panEncrypted.clone(), orZero(k.amountFen), orZero(k.benefitFen),
        orZero(k.debitFen), orZero(k.ecashFen), orZero(k.purseFen), orZero(k.merchantFen), orZero(k.bankFen),
        orZero(k.unionFen), tx.originalId, k.authCode, k.reason, k.detail, upload, 0, null);
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }

  /**
   * Moves a transaction from {@code from} to {@code to} and writes {@code change}, in one SQLite transaction. Reaching
   * {@link TxState#APPROVED} makes the record due for upload; moving on to {@link TxState#REVERSAL_NEEDED} before it
   * was uploaded makes it not due again (one uploaded already stays as it is: its undoing is a reversal record).
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
      StringBuilder sql = new StringBuilder("UPDATE transactions SET state = ?, updated_at = ?, history = history || ?");
      List<Object> args = new ArrayList<>();
      args.add(to.name());
      args.add(now);
      args.add(" " + to.name() + "@" + now);
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
      } else if (to == TxState.CANCELLED) {
        // an offline sale made due as of unknown outcome, then shown by its card not to have paid before it went
        sql.append(", upload_state = CASE WHEN upload_state IN ('PENDING', 'REJECTED') THEN 'NOT_DUE'"
            + " ELSE upload_state END");
      } else if (to == TxState.REVERSAL_NEEDED) {
        // an approved record not uploaded yet is no longer due: the reversal undoes the authorisation instead
        sql.append(", upload_state = CASE upload_state WHEN 'PENDING' THEN 'NOT_DUE' ELSE upload_state END");
      }
      sql.append(" WHERE seq = ? AND state = ?");
      args.add(seqOf(id));
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
      return get(id).get();
    });
  }

  /** The transaction with that id. */
  public synchronized Optional<TxRecord> get(String id) throws StoreException {
    long seq = seqOf(id);
    if (seq <= 0) {
      return Optional.empty();
    }
    List<TxRecord> l = list("SELECT " + COLUMNS + " FROM transactions WHERE seq = ?", Collections.singletonList(seq));
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** One step of a transaction's life: the state it reached and when. */
  public record Transition(TxState state, Instant at) {}

  /** The states a transaction went through, first to last (empty when there is no such transaction). */
  public synchronized List<Transition> history(String id) throws StoreException {
    long seq = seqOf(id);
    try {
      PreparedStatement q = statement("SELECT history FROM transactions WHERE seq = ?");
      q.setLong(1, seq);
      List<Transition> out = new ArrayList<>();
      try (ResultSet r = q.executeQuery()) {
        if (r.next()) {
          for (String step : r.getString(1).split(" ")) {
            int at = step.indexOf('@');
            out.add(new Transition(TxState.valueOf(step.substring(0, at)),
                Instant.ofEpochMilli(Long.parseLong(step.substring(at + 1)))));
          }
        }
      }
      return out;
    } catch (SQLException e) {
      throw classify(e, "read the history of " + id);
    }
  }

  /** The transaction of this type the register asked for with this reference. */
  public synchronized Optional<TxRecord> byRegisterRef(TxType type, String registerRef) throws StoreException {
    List<TxRecord> l = list(
        "SELECT " + COLUMNS + " FROM transactions WHERE type = ? AND register_ref = ?",
        java.util.Arrays.<Object>asList(type.name(), registerRef));
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** Transactions recovery must finish ({@link TxState#isUnfinished()}), oldest first. */
  public synchronized List<TxRecord> unfinished() throws StoreException {
    return list(
        "SELECT " + COLUMNS + " FROM transactions INDEXED BY transactions_unfinished WHERE state IN " + UNFINISHED
            + " ORDER BY seq",
        Collections.emptyList());
  }

  /** The unfinished transactions of one card: finished before that card's next transaction. */
  public synchronized List<TxRecord> unfinishedForCard(String cardRef) throws StoreException {
    return list(
        "SELECT " + COLUMNS + " FROM transactions INDEXED BY transactions_unfinished WHERE card_ref = ? AND state IN "
            + UNFINISHED + " ORDER BY seq",
        Collections.singletonList(cardRef));
  }

  // --- queries of the checkout (added for issue 6; additive, nothing above changed) ---------------------------------

  /** The transactions that refer to {@code originalId} (its refunds, its void), oldest first. */
  public synchronized List<TxRecord> byOriginal(String originalId) throws StoreException {
    return list("SELECT " + COLUMNS + " FROM transactions WHERE original_id = ? ORDER BY seq",
        Collections.singletonList(originalId));
  }

  /**
   * The sales approved (and not voided) that were begun at or after {@code from}, oldest first: what the terminal's
   * own bound on a campaign's budget counts (docs/checkout.md). A scan of the table; the checkout reads it once per
   * rules document and counts on in memory.
   */
  public synchronized List<TxRecord> approvedSalesSince(Instant from) throws StoreException {
    return list("SELECT " + COLUMNS + " FROM transactions WHERE type = 'SALE' AND state = 'APPROVED'"
        + " AND created_at >= ? ORDER BY seq", Collections.singletonList(from.toEpochMilli()));
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
        "SELECT " + COLUMNS + " FROM transactions INDEXED BY transactions_pending WHERE upload_state = 'PENDING'"
            + " ORDER BY seq LIMIT " + Math.max(0, limit),
        Collections.emptyList());
  }

  /**
   * Up to {@code limit} records to send now, oldest first: those due ({@link UploadState#PENDING}) and the refused
   * ones ({@link UploadState#REJECTED}) whose next attempt, set with their outcome, has come.
   */
  public synchronized List<TxRecord> dueForUpload(int limit) throws StoreException {
    List<TxRecord> pending = pendingUpload(limit);
    List<TxRecord> retry = list(
        "SELECT " + COLUMNS + " FROM transactions INDEXED BY transactions_refused"
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

  /** The records the bank refused: {@link UploadState#REJECTED} and {@link UploadState#QUARANTINED}, oldest first. */
  public synchronized List<TxRecord> refused() throws StoreException {
    return list(
        "SELECT " + COLUMNS + " FROM transactions INDEXED BY transactions_refused"
            + " WHERE upload_state IN ('REJECTED', 'QUARANTINED') ORDER BY seq",
        Collections.emptyList());
  }

  /** The quarantined records (refused too often, moved aside; shown in status), oldest first. */
  public synchronized List<TxRecord> quarantined() throws StoreException {
    List<TxRecord> out = new ArrayList<>();
    for (TxRecord r : refused()) {
      if (r.uploadState() == UploadState.QUARANTINED) {
        out.add(r);
      }
    }
    return out;
  }

  /** The refused records escalated for a person to look at (a reversal is never moved aside: it is escalated). */
  public synchronized List<TxRecord> escalated() throws StoreException {
    return list(
        "SELECT " + COLUMNS + " FROM transactions INDEXED BY transactions_refused"
            + " WHERE upload_state IN ('REJECTED', 'QUARANTINED') AND escalated = 1 ORDER BY seq",
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

  /** How many records are due for upload (cheap: the partial index of due records). */
  public synchronized long pendingCount() throws StoreException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery(
            "SELECT count(*) FROM transactions INDEXED BY transactions_pending WHERE upload_state = 'PENDING'")) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw classify(e, "count the records due for upload");
    }
  }

  /** The bank's answer to one uploaded record. */
  public record UploadResult(String transactionId, UploadState outcome, String reason) {}

  /** Writes the bank's answers to a batch, all in one SQLite transaction; each counts as an attempt. */
  public synchronized void recordUploads(List<UploadResult> results) throws StoreException {
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
  public synchronized void recordUploadOutcomes(List<UploadOutcome> outcomes) throws StoreException {
    inTransaction("record " + outcomes.size() + " upload results", () -> {
      long now = clock.millis();
      PreparedStatement refused = statement(
          "UPDATE transactions SET upload_state = ?, upload_reason = ?, upload_attempts = upload_attempts + 1,"
              + " uploaded_at = ?, upload_next_at = ?, escalated = ?"
              + " WHERE seq = ? AND upload_state IN ('PENDING', 'REJECTED')");
      // what the bank took is recorded even when the row stopped being due meanwhile (moved to REVERSAL_NEEDED
      // while its batch was on the way): the store then knows the undoing must reach the bank as a record
      PreparedStatement taken = statement(
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
        u.setLong(6, seqOf(r.transactionId()));
        u.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Hands a quarantined (or refused) record back to the worker, after a person has looked at it: due again, its
   * attempts counted from zero. Returns whether the record was refused.
   */
  public synchronized boolean releaseForUpload(String id) throws StoreException {
    return inTransaction("release " + id + " for upload", () -> {
      PreparedStatement u = statement(
          "UPDATE transactions SET upload_state = 'PENDING', upload_attempts = 0, upload_next_at = NULL,"
              + " escalated = 0 WHERE seq = ? AND upload_state IN ('REJECTED', 'QUARANTINED')");
      u.setLong(1, seqOf(id));
      return u.executeUpdate() == 1;
    });
  }

  // ------------------------------------------------------------------------------------------ business days

  /** Where a business day is in its close. */
  public enum DayState {
    /** Not closed yet, or closed with differences and kept open for investigation. */
    OPEN,
    /** The bank's totals matched the terminal's. */
    CLOSED
  }

  /** A business day as the store holds it; {@code detail} is the last close's report (JSON), or null. */
  public record BusinessDay(LocalDate date, DayState state, Instant updatedAt, String detail) {}

  /** The business day, when a close was ever tried for it. */
  public synchronized Optional<BusinessDay> businessDay(LocalDate date) throws StoreException {
    try {
      PreparedStatement q = statement("SELECT state, updated_at, detail FROM business_days WHERE business_date = ?");
      q.setString(1, date.toString());
      try (ResultSet r = q.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new BusinessDay(date, DayState.valueOf(r.getString(1)),
            Instant.ofEpochMilli(r.getLong(2)), r.getString(3)));
      }
    } catch (SQLException e) {
      throw classify(e, "read business day " + date);
    }
  }

  /**
   * What the checkout last learnt of a card from the bank (docs/checkout.md, members and the last known balance).
   *
   * @param memberAt when the member look-up was made, null when none is kept
   * @param memberCategory the member's category then, null for "not a member" (or no look-up kept)
   * @param benefitFen the benefit balance the bank last told, null when none is kept
   * @param benefitAt when it told it, null when none is kept
   */
  public record CardFacts(String cardRef, Instant memberAt, String memberCategory, Long benefitFen, Instant benefitAt) {}

  /** The facts kept for a card, when any. */
  public synchronized Optional<CardFacts> cardFacts(String cardRef) throws StoreException {
    try {
      PreparedStatement q = statement("SELECT member_at, member_category, benefit_fen, benefit_at FROM card_facts"
          + " WHERE card_ref = ?");
      q.setString(1, cardRef);
      try (ResultSet r = q.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        long memberAt = r.getLong(1);
        Instant m = r.wasNull() ? null : Instant.ofEpochMilli(memberAt);
        String category = r.getString(2);
        long fen = r.getLong(3);
        Long benefit = r.wasNull() ? null : fen;
        long benefitAt = r.getLong(4);
        Instant b = r.wasNull() ? null : Instant.ofEpochMilli(benefitAt);
        return Optional.of(new CardFacts(cardRef, m, category, benefit, b));
      }
    } catch (SQLException e) {
      throw classify(e, "read the facts of a card");
    }
  }

  /** Keeps a member look-up of a card: its category, or null for "not a member", and when it was made. */
  public synchronized void rememberMember(String cardRef, String category, Instant at) throws StoreException {
    cacheWrite("keep a member look-up", () -> {
      PreparedStatement u = statement("INSERT INTO card_facts (card_ref, member_at, member_category) VALUES (?, ?, ?)"
          + " ON CONFLICT (card_ref) DO UPDATE SET member_at = excluded.member_at,"
          + " member_category = excluded.member_category");
      u.setString(1, cardRef);
      u.setLong(2, at.toEpochMilli());
      u.setString(3, category);
      u.executeUpdate();
      return null;
    });
  }

  /** Keeps the benefit balance the bank told for a card, and when. */
  public synchronized void rememberBenefitBalance(String cardRef, long fen, Instant at) throws StoreException {
    cacheWrite("keep a benefit balance", () -> {
      PreparedStatement u = statement("INSERT INTO card_facts (card_ref, benefit_fen, benefit_at) VALUES (?, ?, ?)"
          + " ON CONFLICT (card_ref) DO UPDATE SET benefit_fen = excluded.benefit_fen,"
          + " benefit_at = excluded.benefit_at");
      u.setString(1, cardRef);
      u.setLong(2, fen);
      u.setLong(3, at.toEpochMilli());
      u.executeUpdate();
      return null;
    });
  }

  /**
   * A write of what is only a cache of the bank's answers (card facts): one transaction committed with
   * {@code synchronous=NORMAL}, so it costs no fsync of its own. In WAL mode the commit is atomic and survives a
   * crash of the process; a power cut may lose it until the next durable commit (the next sale's intent), which
   * syncs the log with it. The connection is back at {@code synchronous=FULL} before this returns.
   */
  private void cacheWrite(String what, Work<Void> work) throws StoreException {
    try {
      statement("PRAGMA synchronous = NORMAL").execute();
    } catch (SQLException e) {
      throw classify(e, "cannot " + what);
    }
    try {
      inTransaction(what, false, work);
    } finally {
      try {
        statement("PRAGMA synchronous = FULL").execute();
      } catch (SQLException e) {
        forgetStatements();
        try (Statement st = db.createStatement()) {
          st.execute("PRAGMA synchronous = FULL");
        } catch (SQLException again) {
          throw new IllegalStateException("the store cannot return to synchronous=FULL: " + again.getMessage(), again);
        }
      }
    }
  }

  /** Forgets the card facts learnt before {@code before} (both the look-up and the balance); returns how many. */
  public synchronized int forgetCardFacts(Instant before) throws StoreException {
    return inTransaction("forget old card facts", () -> {
      PreparedStatement u = statement("DELETE FROM card_facts WHERE COALESCE(member_at, 0) < ?"
          + " AND COALESCE(benefit_at, 0) < ?");
      u.setLong(1, before.toEpochMilli());
      u.setLong(2, before.toEpochMilli());
      return u.executeUpdate();
    });
  }

  /** Writes a business day's state and its close's report. */
  public synchronized void recordBusinessDay(LocalDate date, DayState state, String detail) throws StoreException {
    inTransaction("record business day " + date, () -> {
      PreparedStatement u = statement(
          "INSERT INTO business_days (business_date, state, updated_at, detail) VALUES (?, ?, ?, ?)"
              + " ON CONFLICT (business_date) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at,"
              + " detail = excluded.detail");
      u.setString(1, date.toString());
      u.setString(2, state.name());
      u.setLong(3, clock.millis());
      u.setString(4, detail);
      u.executeUpdate();
      return null;
    });
  }

  /**
   * The records of a business day the bank is to hold (every record that became due for upload, whatever its upload
   * state now), oldest first, handed one at a time so a large day costs no memory.
   */
  public synchronized void forEachRecordOfDay(LocalDate date, RecordVisitor visitor) throws StoreException {
    try (PreparedStatement q = db.prepareStatement("SELECT " + COLUMNS
        + " FROM transactions INDEXED BY transactions_day WHERE business_date = ? AND upload_state <> 'NOT_DUE'"
        + " ORDER BY seq")) {
      q.setString(1, date.toString());
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          visitor.visit(row(r, terminalId));
        }
      }
    } catch (SQLException e) {
      throw classify(e, "read the records of " + date);
    }
  }

  /**
   * Makes due for upload, as records of unknown outcome, the offline sales still waiting for their card
   * ({@code SALE} rows {@code AWAITING_CARD}) begun before {@code begunBefore}: their card did not come back within
   * the wait (docs/checkout.md, *Offline sales and the card's money*). The row stays {@code AWAITING_CARD}: the card
   * presented later still resolves it. Returns how many became due.
   */
  public synchronized int dueAsUnknown(Instant begunBefore) throws StoreException {
    long now = clock.millis();
    return inTransaction("make offline sales of unknown outcome due", () -> {
      try (PreparedStatement u = db.prepareStatement("UPDATE transactions SET upload_state = 'PENDING',"
          + " upload_attempts = 0, upload_next_at = NULL, reason = 'outcome_unknown', updated_at = ?"
          + " WHERE type = 'SALE' AND state = 'AWAITING_CARD' AND upload_state = 'NOT_DUE' AND created_at < ?")) {
        u.setLong(1, now);
        u.setLong(2, begunBefore.toEpochMilli());
        return u.executeUpdate();
      }
    });
  }

  /** Receives records one at a time. */
  @FunctionalInterface
  public interface RecordVisitor {
    void visit(TxRecord record);
  }

  /**
   * What stands between a business day and its close: its records not settled yet (due, refused, quarantined) and
   * its transactions recovery has not finished, oldest first.
   */
  public synchronized List<TxRecord> unsettledOfDay(LocalDate date) throws StoreException {
    List<TxRecord> out = new ArrayList<>(list(
        "SELECT " + COLUMNS + " FROM transactions INDEXED BY transactions_day WHERE business_date = ?"
            + " AND upload_state <> 'NOT_DUE' AND upload_state IN ('PENDING', 'REJECTED', 'QUARANTINED')",
        Collections.singletonList(date.toString())));
    for (TxRecord r : unfinished()) {
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

  // ------------------------------------------------------------------------------------------ retention

  /**
   * Deletes what no longer needs keeping: records the bank accepted (or already had) before {@code settledBefore},
   * and transactions that ended without moving money (declined, cancelled, reversed) last changed before it. Never
   * deleted: anything unsettled (due, refused, quarantined), anything unfinished, a transaction an unsettled or
   * unfinished one refers to, and the newest row (its sequence is what keeps ids from being given again). Deletes
   * in chunks, one SQLite transaction each. Returns how many rows were deleted.
   */
  public synchronized long prune(Instant settledBefore) throws StoreException {
    long cutoff = settledBefore.toEpochMilli();
    java.util.Set<Long> referenced = new java.util.HashSet<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT original_id FROM transactions WHERE original_id IS NOT NULL"
            + " AND (upload_state IN ('PENDING', 'REJECTED', 'QUARANTINED') OR state IN " + UNFINISHED + ")")) {
      while (r.next()) {
        referenced.add(seqOf(r.getString(1)));
      }
    } catch (SQLException e) {
      throw classify(e, "find what unsettled transactions refer to");
    }
    StringBuilder keep = new StringBuilder();
    for (Long seq : referenced) {
      keep.append(keep.length() == 0 ? "" : ", ").append(seq);
    }
    String sql = "DELETE FROM transactions WHERE seq IN (SELECT seq FROM transactions WHERE"
        + " seq < (SELECT max(seq) FROM transactions)"
        + " AND state NOT IN " + UNFINISHED
        + " AND ((upload_state IN ('ACCEPTED', 'DUPLICATE') AND uploaded_at < " + cutoff + ")"
        + " OR (upload_state = 'NOT_DUE' AND state IN ('DECLINED', 'CANCELLED', 'REVERSED') AND updated_at < "
        + cutoff + "))"
        + (keep.length() == 0 ? "" : " AND seq NOT IN (" + keep + ")")
        + " LIMIT 5000)";
    long total = 0;
    while (true) {
      int n = inTransaction("prune settled records", () -> {
        try (Statement s = db.createStatement()) {
          return s.executeUpdate(sql);
        }
      });
      total += n;
      if (n == 0) {
        return total;
      }
    }
  }

  /**
   * Bytes the database may still grow by under its bound ({@link #open(Path, String, Clock, long)}), free pages
   * inside the file included; {@link Long#MAX_VALUE} when it has no bound. A caller that must be able to finish
   * what it starts (a gate: the trip's outcome after the card's debit) refuses new work below a reserve.
   */
  public synchronized long bytesLeft() throws StoreException {
    try (Statement s = db.createStatement()) {
      long pageSize = pragma(s, "page_size");
      long max = pragma(s, "max_page_count");
      if (max >= 1073741823L) {
        return Long.MAX_VALUE; // SQLite's default (1073741823 or 4294967294 by version): no bound of ours
      }
      long left = max - pragma(s, "page_count") + pragma(s, "freelist_count");
      return Math.max(0, left) * pageSize;
    } catch (SQLException e) {
      throw classify(e, "measure the store");
    }
  }

  private static long pragma(Statement s, String name) throws SQLException {
    try (ResultSet r = s.executeQuery("PRAGMA " + name)) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  /** When the bank last took a record of this store (accepted or duplicate), or null when it never did. */
  public synchronized Instant lastUploadAt() throws StoreException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT max(uploaded_at) FROM transactions")) {
      long at = r.next() ? r.getLong(1) : 0;
      return r.wasNull() || at == 0 ? null : Instant.ofEpochMilli(at);
    } catch (SQLException e) {
      throw classify(e, "read the last upload's time");
    }
  }

  /** The business dates that have records and are not closed, oldest first. */
  public synchronized List<LocalDate> openBusinessDays() throws StoreException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT DISTINCT business_date FROM transactions WHERE business_date NOT IN"
            + " (SELECT business_date FROM business_days WHERE state = 'CLOSED') ORDER BY business_date")) {
      List<LocalDate> out = new ArrayList<>();
      while (r.next()) {
        out.add(LocalDate.parse(r.getString(1)));
      }
      return out;
    } catch (SQLException e) {
      throw classify(e, "list the open business days");
    }
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
    return transactionId(terminalId, seq);
  }

  private static String transactionId(String terminalId, long seq) {
    String digits = Long.toString(seq);
    StringBuilder b = new StringBuilder(terminalId.length() + 13).append(terminalId).append('-');
    for (int i = digits.length(); i < 12; i++) {
      b.append('0');
    }
    return b.append(digits).toString();
  }

  /** The sequence of one of this terminal's transaction ids, or -1 when it is not one. */
  private long seqOf(String id) {
    if (id == null || id.length() != terminalId.length() + 13 || !id.startsWith(terminalId)
        || id.charAt(terminalId.length()) != '-') {
      return -1;
    }
    long seq = 0;
    for (int i = terminalId.length() + 1; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      seq = seq * 10 + (c - '0');
    }
    return seq;
  }

  private void forgetStatements() {
    for (PreparedStatement p : statements.values()) {
      try {
        p.close();
      } catch (SQLException ignored) {
        // it is being dropped
      }
    }
    statements.clear();
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

  private List<TxRecord> list(String sql, List<?> args) throws StoreException {
    try (PreparedStatement q = db.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        Object a = args.get(i);
        if (a instanceof Long) {
          q.setLong(i + 1, (Long) a);
        } else {
          q.setString(i + 1, (String) a);
        }
      }
      List<TxRecord> out = new ArrayList<>();
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(row(r, terminalId));
        }
      }
      return out;
    } catch (SQLException e) {
      throw classify(e, "read transactions");
    }
  }

  private static TxRecord row(ResultSet r, String terminalId) throws SQLException {
    long seq = r.getLong(1);
    return new TxRecord(
        transactionId(terminalId, seq),
        seq,
        TxType.valueOf(r.getString(2)),
        TxState.valueOf(r.getString(3)),
        LocalDate.parse(r.getString(4)),
        Instant.ofEpochMilli(r.getLong(5)),
        Instant.ofEpochMilli(r.getLong(6)),
        r.getString(7),
        r.getString(8),
        r.getBytes(9),
        r.getLong(10),
        r.getLong(11),
        r.getLong(12),
        r.getLong(13),
        r.getLong(14),
        r.getLong(15),
        r.getLong(16),
        r.getLong(17),
        r.getString(18),
        r.getString(19),
        r.getString(20),
        r.getString(21),
        UploadState.valueOf(r.getString(22)),
        r.getInt(23),
        r.getString(24));
  }

  /** A unit of work inside one SQLite transaction. */
  private interface Work<T> {
    T run() throws SQLException, StoreException;
  }

  /**
   * Runs {@code work} in one SQLite transaction. The connection stays in auto-commit mode and the transaction is
   * begun and ended with kept statements: the driver's {@code setAutoCommit} toggling costs two more statements a
   * commit, a measurable share of a durable append.
   */
  private <T> T inTransaction(String what, Work<T> work) throws StoreException {
    return inTransaction(what, true, work);
  }

  /** As above; {@code durable} false for a cache write ({@link #cacheWrite}), for the {@link EventListener}. */
  private <T> T inTransaction(String what, boolean durable, Work<T> work) throws StoreException {
    listener.storeCommitStart(durable);
    try {
      return inTransactionTold(what, work);
    } finally {
      listener.storeCommitEnd(durable);
    }
  }

  private <T> T inTransactionTold(String what, Work<T> work) throws StoreException {
    try {
      statement("BEGIN IMMEDIATE").execute();
      try {
        T result = work.run();
        statement("COMMIT").execute();
        return result;
      } catch (SQLException | StoreException | RuntimeException e) {
        rollbackQuietly();
        throw e;
      }
    } catch (SQLException e) {
      // a kept statement that failed (a full disk, an I/O error) may be left unusable by the driver: prepare afresh
      forgetStatements();
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
      statement("ROLLBACK").execute();
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
