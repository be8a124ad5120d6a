package cn.unioncard.agent.store;

import cn.unioncard.agent.event.EventListener;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The terminal's transactions in a SQLite file: every transaction a row with a state machine ({@link TxState}), a
 * transaction id made of the terminal id and a monotonic sequence that survives restarts, and an upload state for
 * the settlement worker.
 *
 * <p>The store owns the file ({@link Database}: the connection, the migrations in {@link Schema}, one SQLite
 * transaction per step, failures as {@link StoreException} kinds). The transaction life cycle is its own API; the
 * other tables are reached by name: {@link #uploads()}, {@link #businessDays()}, {@link #cardFacts()},
 * {@link #retention()}.
 *
 * <p>Durability: WAL journal with {@code synchronous=FULL}, so a committed write survives a crash or a power cut;
 * each step is one SQLite transaction, so a crash never leaves half a step. Schema versions are migrations
 * ({@code PRAGMA user_version}). A full disk or an unwritable file gives a {@link StoreException} whose kind says so;
 * the store keeps what it has and works again when the disk does.
 *
 * <p>One store object per file and process; its methods (and its tables') are thread-safe. Other processes
 * ({@code ucard status}) may read the same file at the same time.
 */
public final class TransactionStore implements AutoCloseable {
  private final Database db;
  private final String terminalId;
  private final TransactionTable transactions;
  private final UploadQueue uploads;
  private final BusinessDays businessDays;
  private final CardFactsTable cardFacts;
  private final Retention retention;

  private TransactionStore(Database db, String terminalId, Clock clock) {
    this.db = db;
    this.terminalId = terminalId;
    TxRows rows = new TxRows(db, terminalId);
    this.transactions = new TransactionTable(db, rows, clock);
    this.uploads = new UploadQueue(db, rows, clock);
    this.businessDays = new BusinessDays(db, rows, transactions, clock);
    this.cardFacts = new CardFactsTable(db);
    this.retention = new Retention(db, rows);
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
    Database db = Database.open(file, maxBytes, listener);
    try {
      TransactionStore store = new TransactionStore(db, terminalId, clock);
      store.claim();
      return store;
    } catch (StoreException e) {
      db.close();
      throw e;
    }
  }

  /** Binds the file to this terminal on first use, and refuses another terminal's file. */
  private void claim() throws StoreException {
    db.inTransaction("bind the store to terminal " + terminalId, () -> {
      try (PreparedStatement q =
              db.connection().prepareStatement("SELECT value FROM meta WHERE key = 'terminal_id'");
          ResultSet r = q.executeQuery()) {
        if (r.next()) {
          if (!r.getString(1).equals(terminalId)) {
            throw new StoreException(
                StoreException.Kind.CANNOT_OPEN,
                db.file() + " is the store of terminal " + r.getString(1) + ", not " + terminalId,
                null);
          }
          return null;
        }
      }
      try (PreparedStatement i =
          db.connection().prepareStatement("INSERT INTO meta (key, value) VALUES ('terminal_id', ?)")) {
        i.setString(1, terminalId);
        i.executeUpdate();
      }
      return null;
    });
  }

  public String terminalId() {
    return terminalId;
  }

  /** The file. */
  public Path file() {
    return db.file();
  }

  /** The schema version of the file. */
  public static int schemaVersion() {
    return Schema.version();
  }

  /**
   * Changes the bound of the database to about {@code maxBytes} (0: only the disk's), as {@link #open(Path, String,
   * Clock, long)} sets it: more room makes a full store work again.
   */
  public void maxBytes(long maxBytes) throws StoreException {
    db.maxBytes(maxBytes);
  }

  /**
   * Bytes the database may still grow by under its bound ({@link #open(Path, String, Clock, long)}), free pages
   * inside the file included; {@link Long#MAX_VALUE} when it has no bound. A caller that must be able to finish
   * what it starts (a gate: the trip's outcome after the card's debit) refuses new work below a reserve.
   */
  public long bytesLeft() throws StoreException {
    return db.bytesLeft();
  }

  /** The records on their way to the bank. */
  public UploadQueue uploads() {
    return uploads;
  }

  /** Business days and their close. */
  public BusinessDays businessDays() {
    return businessDays;
  }

  /** What the checkout learnt of cards from the bank. */
  public CardFactsTable cardFacts() {
    return cardFacts;
  }

  /** Pruning of what no longer needs keeping. */
  public Retention retention() {
    return retention;
  }

  @Override
  public void close() {
    db.close();
  }

  // --- the transaction life cycle ---------------------------------------------------------------------------------

  /**
   * Stores a new transaction under the next transaction id, in state {@link TxState#STARTED} or in the state the
   * caller started it in ({@link NewTx#startIn}). The id and the row are written in one SQLite transaction, so no id
   * is ever given twice, even across crashes.
   *
   * @throws StoreException kind {@code CONFLICT} when the register reference was already used for this type (look it
   *     up with {@link #byRegisterRef}), or the original transaction is not in the store
   */
  public TxRecord begin(NewTx tx) throws StoreException {
    return transactions.begin(tx);
  }

  /**
   * Stores several new transactions in one SQLite transaction (an import, a test's or a benchmark's fixture): all of
   * them or none, ids in list order.
   */
  public List<TxRecord> beginAll(List<NewTx> txs) throws StoreException {
    return transactions.beginAll(txs);
  }

  /**
   * Moves a transaction from {@code from} to {@code to} and writes {@code change}, in one SQLite transaction. Reaching
   * {@link TxState#APPROVED} makes the record due for upload; moving on to {@link TxState#REVERSAL_NEEDED} before it
   * was uploaded makes it not due again (one uploaded already stays as it is: its undoing is a reversal record).
   *
   * @throws IllegalArgumentException when the state machine does not allow the move (a defect of the caller)
   * @throws StoreException kind {@code CONFLICT} when the row is not in state {@code from} (or not there)
   */
  public TxRecord move(String id, TxState from, TxState to, TxChange change) throws StoreException {
    return transactions.move(id, from, to, change);
  }

  /** The transaction with that id. */
  public Optional<TxRecord> get(String id) throws StoreException {
    return transactions.get(id);
  }

  /** One step of a transaction's life: the state it reached and when. */
  public record Transition(TxState state, Instant at) {}

  /** The states a transaction went through, first to last (empty when there is no such transaction). */
  public List<Transition> history(String id) throws StoreException {
    return transactions.history(id);
  }

  /** The transaction of this type the register asked for with this reference. */
  public Optional<TxRecord> byRegisterRef(TxType type, String registerRef) throws StoreException {
    return transactions.byRegisterRef(type, registerRef);
  }

  /** Transactions recovery must finish ({@link TxState#isUnfinished()}), oldest first. */
  public List<TxRecord> unfinished() throws StoreException {
    return transactions.unfinished();
  }

  /** The unfinished transactions of one card: finished before that card's next transaction. */
  public List<TxRecord> unfinishedForCard(String cardRef) throws StoreException {
    return transactions.unfinishedForCard(cardRef);
  }

  /** The transactions that refer to {@code originalId} (its refunds, its void), oldest first. */
  public List<TxRecord> byOriginal(String originalId) throws StoreException {
    return transactions.byOriginal(originalId);
  }

  /**
   * The sales approved (and not voided) that were begun at or after {@code from}, oldest first: what the terminal's
   * own bound on a campaign's budget counts (docs/checkout.md). A scan of the table; the checkout reads it once per
   * rules document and counts on in memory.
   */
  public List<TxRecord> approvedSalesSince(Instant from) throws StoreException {
    return transactions.approvedSalesSince(from);
  }

  /**
   * The approved sales of one card from {@code fromDate} (a business date) on, oldest first: what the per-member
   * discount limits count.
   */
  public List<TxRecord> approvedSalesOfCard(String cardRef, LocalDate fromDate) throws StoreException {
    return transactions.approvedSalesOfCard(cardRef, fromDate);
  }

  /** The newest transaction of this type, whatever its state. */
  public Optional<TxRecord> last(TxType type) throws StoreException {
    return transactions.last(type);
  }
}
