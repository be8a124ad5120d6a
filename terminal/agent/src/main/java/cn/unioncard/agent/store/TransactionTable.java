package cn.unioncard.agent.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The {@code transactions} table's life cycle: a transaction begun under the next id, moved along its state machine
 * ({@link TxState}) with its history kept in the row, and the look-ups the flows make (by id, by the register's
 * reference, the unfinished ones, the checkout's queries). {@link TransactionStore} offers each of these as its own.
 */
final class TransactionTable {
  private final Database db;
  private final TxRows rows;
  private final Clock clock;

  TransactionTable(Database db, TxRows rows, Clock clock) {
    this.db = db;
    this.rows = rows;
    this.clock = clock;
  }

  /** See {@link TransactionStore#begin}. */
  TxRecord begin(NewTx tx) throws StoreException {
    synchronized (db) {
      return db.inTransaction("store a new " + tx.type, () -> insert(tx));
    }
  }

  /** See {@link TransactionStore#beginAll}. */
  List<TxRecord> beginAll(List<NewTx> txs) throws StoreException {
    synchronized (db) {
      return db.inTransaction("store " + txs.size() + " new transactions", () -> {
        List<TxRecord> out = new ArrayList<>(txs.size());
        for (NewTx tx : txs) {
          out.add(insert(tx));
        }
        return out;
      });
    }
  }

  private TxRecord insert(NewTx tx) throws SQLException, StoreException {
    if (tx.originalId != null) {
      long original = rows.seqOf(tx.originalId);
      boolean found = false;
      if (original > 0) {
        PreparedStatement q = db.statement("SELECT 1 FROM transactions WHERE seq = ?");
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
    PreparedStatement i = db.statement(
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
      if (Database.isConstraint(e) && tx.registerRef != null) {
        throw new StoreException(
            StoreException.Kind.CONFLICT,
            "register reference " + tx.registerRef + " was already used for a " + tx.type,
            e);
      }
      throw e;
    }
    long seq;
    try (ResultSet r = db.statement("SELECT last_insert_rowid()").executeQuery()) {
      r.next();
      seq = r.getLong(1);
    }
    Instant at = Instant.ofEpochMilli(now);
    return TxRecord.builder().id(rows.id(seq)).seq(seq).type(tx.type).state(state).businessDate(tx.businessDate)
        .createdAt(at).updatedAt(at).registerRef(tx.registerRef)
        .card(k.cardRef, k.panEncrypted == null ? null : k.panEncrypted.clone())
        .funding(orZero(k.amountFen), orZero(k.benefitFen), orZero(k.debitFen), orZero(k.ecashFen),
            orZero(k.purseFen))
        .discountFunding(orZero(k.merchantFen), orZero(k.bankFen), orZero(k.unionFen))
        .originalId(tx.originalId).authCode(k.authCode).reason(k.reason).detail(k.detail)
        .upload(upload, 0, null)
        .build();
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }

  /** See {@link TransactionStore#move}. */
  TxRecord move(String id, TxState from, TxState to, TxChange change) throws StoreException {
    if (!from.canMoveTo(to)) {
      throw new IllegalArgumentException("a transaction cannot move from " + from + " to " + to);
    }
    TxChange c = change == null ? TxChange.none() : change;
    synchronized (db) {
      return db.inTransaction("move " + id + " to " + to, () -> {
        long now = clock.millis();
        StringBuilder sql =
            new StringBuilder("UPDATE transactions SET state = ?, updated_at = ?, history = history || ?");
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
        args.add(rows.seqOf(id));
        args.add(from.name());
        int n;
        try (PreparedStatement u = db.connection().prepareStatement(sql.toString())) {
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

  Optional<TxRecord> get(String id) throws StoreException {
    long seq = rows.seqOf(id);
    if (seq <= 0) {
      return Optional.empty();
    }
    synchronized (db) {
      List<TxRecord> l = rows.list("SELECT " + TxRows.COLUMNS + " FROM transactions WHERE seq = ?",
          Collections.singletonList(seq));
      return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }
  }

  List<TransactionStore.Transition> history(String id) throws StoreException {
    long seq = rows.seqOf(id);
    synchronized (db) {
      try {
        PreparedStatement q = db.statement("SELECT history FROM transactions WHERE seq = ?");
        q.setLong(1, seq);
        List<TransactionStore.Transition> out = new ArrayList<>();
        try (ResultSet r = q.executeQuery()) {
          if (r.next()) {
            for (String step : r.getString(1).split(" ")) {
              int at = step.indexOf('@');
              out.add(new TransactionStore.Transition(TxState.valueOf(step.substring(0, at)),
                  Instant.ofEpochMilli(Long.parseLong(step.substring(at + 1)))));
            }
          }
        }
        return out;
      } catch (SQLException e) {
        throw Database.classify(e, "read the history of " + id);
      }
    }
  }

  Optional<TxRecord> byRegisterRef(TxType type, String registerRef) throws StoreException {
    synchronized (db) {
      List<TxRecord> l = rows.list(
          "SELECT " + TxRows.COLUMNS + " FROM transactions WHERE type = ? AND register_ref = ?",
          java.util.Arrays.<Object>asList(type.name(), registerRef));
      return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }
  }

  List<TxRecord> unfinished() throws StoreException {
    synchronized (db) {
      return rows.list(
          "SELECT " + TxRows.COLUMNS + " FROM transactions INDEXED BY transactions_unfinished WHERE state IN "
              + Schema.UNFINISHED + " ORDER BY seq",
          Collections.emptyList());
    }
  }

  List<TxRecord> unfinishedForCard(String cardRef) throws StoreException {
    synchronized (db) {
      return rows.list(
          "SELECT " + TxRows.COLUMNS + " FROM transactions INDEXED BY transactions_unfinished WHERE card_ref = ?"
              + " AND state IN " + Schema.UNFINISHED + " ORDER BY seq",
          Collections.singletonList(cardRef));
    }
  }

  // --- queries of the checkout (added for issue 6) -------------------------------------------------------------

  List<TxRecord> byOriginal(String originalId) throws StoreException {
    synchronized (db) {
      return rows.list("SELECT " + TxRows.COLUMNS + " FROM transactions WHERE original_id = ? ORDER BY seq",
          Collections.singletonList(originalId));
    }
  }

  List<TxRecord> approvedSalesSince(Instant from) throws StoreException {
    synchronized (db) {
      return rows.list("SELECT " + TxRows.COLUMNS + " FROM transactions WHERE type = 'SALE' AND state = 'APPROVED'"
          + " AND created_at >= ? ORDER BY seq", Collections.singletonList(from.toEpochMilli()));
    }
  }

  List<TxRecord> approvedSalesOfCard(String cardRef, LocalDate fromDate) throws StoreException {
    synchronized (db) {
      return rows.list("SELECT " + TxRows.COLUMNS + " FROM transactions WHERE card_ref = ? AND state = 'APPROVED'"
          + " AND type = 'SALE' AND business_date >= ? ORDER BY seq",
          java.util.Arrays.asList(cardRef, fromDate.toString()));
    }
  }

  Optional<TxRecord> last(TxType type) throws StoreException {
    synchronized (db) {
      List<TxRecord> l = rows.list("SELECT " + TxRows.COLUMNS
          + " FROM transactions WHERE type = ? ORDER BY seq DESC LIMIT 1", Collections.singletonList(type.name()));
      return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }
  }
}
