package cn.unioncard.agent.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of the {@code transactions} table as {@link TxRecord}s: the columns read, the mapping, and transaction ids
 * (the terminal id and a 12-digit sequence, the table's rowid).
 */
final class TxRows {
  static final String COLUMNS =
      "seq, type, state, business_date, created_at, updated_at, register_ref, card_ref, pan_encrypted,"
          + " amount_fen, benefit_fen, debit_fen, ecash_fen, purse_fen, merchant_fen, bank_fen, union_fen,"
          + " original_id, auth_code, reason, detail, upload_state, upload_attempts, upload_reason";

  private final Database db;
  private final String terminalId;

  TxRows(Database db, String terminalId) {
    this.db = db;
    this.terminalId = terminalId;
  }

  String id(long seq) {
    String digits = Long.toString(seq);
    StringBuilder b = new StringBuilder(terminalId.length() + 13).append(terminalId).append('-');
    for (int i = digits.length(); i < 12; i++) {
      b.append('0');
    }
    return b.append(digits).toString();
  }

  /** The sequence of one of this terminal's transaction ids, or -1 when it is not one. */
  long seqOf(String id) {
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

  /** The rows {@code sql} (selecting {@link #COLUMNS}) finds with {@code args} (Long or String). */
  List<TxRecord> list(String sql, List<?> args) throws StoreException {
    try (PreparedStatement q = db.connection().prepareStatement(sql)) {
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
          out.add(row(r));
        }
      }
      return out;
    } catch (SQLException e) {
      throw Database.classify(e, "read transactions");
    }
  }

  /** The row at the result's cursor, read in the order of {@link #COLUMNS}. */
  TxRecord row(ResultSet r) throws SQLException {
    long seq = r.getLong(1);
    return TxRecord.builder()
        .id(id(seq))
        .seq(seq)
        .type(TxType.valueOf(r.getString(2)))
        .state(TxState.valueOf(r.getString(3)))
        .businessDate(LocalDate.parse(r.getString(4)))
        .createdAt(Instant.ofEpochMilli(r.getLong(5)))
        .updatedAt(Instant.ofEpochMilli(r.getLong(6)))
        .registerRef(r.getString(7))
        .card(r.getString(8), r.getBytes(9))
        .funding(r.getLong(10), r.getLong(11), r.getLong(12), r.getLong(13), r.getLong(14))
        .discountFunding(r.getLong(15), r.getLong(16), r.getLong(17))
        .originalId(r.getString(18))
        .authCode(r.getString(19))
        .reason(r.getString(20))
        .detail(r.getString(21))
        .upload(UploadState.valueOf(r.getString(22)), r.getInt(23), r.getString(24))
        .build();
  }
}
