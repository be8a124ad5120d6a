package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.model.TransactionRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code records} and {@code batches} tables: the settled records and the batches that brought them. */
final class RecordTable {
  /** What a stored record is compared on when a record with its id comes again. */
  record Held(String contentSha256, String type, String panHash, long amountFen) {}

  /** A record's sums the columns keep beside its content. */
  record Sums(String type, String panHash, long merchantFen, long bankFen) {}

  private final Connection c;

  RecordTable(Connection c) {
    this.c = c;
  }

  /** The record with this transaction id (of any terminal), or null. */
  Held find(String transactionId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT content_sha256, type, pan_hash, amount_fen FROM records WHERE transaction_id = ?")) {
      ps.setString(1, transactionId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Held(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)) : null;
      }
    }
  }

  /** Whether the terminal has a record with this transaction id. */
  boolean exists(String terminalId, String transactionId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT type FROM records WHERE transaction_id = ? AND terminal_id = ?")) {
      ps.setString(1, transactionId);
      ps.setString(2, terminalId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  void delete(String transactionId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM records WHERE transaction_id = ?")) {
      ps.setString(1, transactionId);
      ps.executeUpdate();
    }
  }

  /** Stores a record of a terminal's batch with its content and the content's hash. */
  void insert(String terminalId, String batchId, TransactionRecord r, Sums sums, String contentSha256,
      byte[] content, String receivedAt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO records (transaction_id, terminal_id, batch_id, type, business_date, record_time, pan_hash,"
            + " amount_fen, benefit_fen, debit_fen, ecash_fen, purse_fen, merchant_fen, bank_fen,"
            + " union_subsidy_fen, original_transaction_id, auth_code, content_sha256, content, received_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, r.transactionId());
      ps.setString(2, terminalId);
      ps.setString(3, batchId);
      ps.setString(4, sums.type());
      ps.setString(5, r.businessDate().toString());
      ps.setString(6, BankJson.formatInstant(r.time()));
      ps.setString(7, sums.panHash());
      ps.setLong(8, r.amountFen());
      ps.setLong(9, r.funding().benefitFen());
      ps.setLong(10, r.funding().debitFen());
      ps.setLong(11, r.funding().ecashFen());
      ps.setLong(12, r.funding().purseFen());
      ps.setLong(13, sums.merchantFen());
      ps.setLong(14, sums.bankFen());
      ps.setLong(15, r.unionSubsidyFen() == null ? 0 : r.unionSubsidyFen());
      ps.setString(16, r.originalTransactionId());
      ps.setString(17, r.authCode());
      ps.setString(18, contentSha256);
      ps.setBytes(19, content);
      ps.setString(20, receivedAt);
      ps.executeUpdate();
    }
  }

  /** The records of a terminal's business day (both null: every record), in transaction id order. */
  List<Ledger.Record> ofDay(String terminalId, String businessDate) throws SQLException {
    List<Ledger.Record> out = new ArrayList<>();
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
          out.add(new Ledger.Record(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
              rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getString(15),
              rs.getString(16)));
        }
      }
    }
    return out;
  }

  /** Notes a batch received: how many records, and how many accepted, duplicate and rejected. */
  void logBatch(String terminalId, String batchId, String receivedAt, int records, int accepted, int duplicates,
      int rejected) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT OR REPLACE INTO batches (terminal_id, batch_id, received_at, records, accepted, duplicates,"
            + " rejected) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, terminalId);
      ps.setString(2, batchId);
      ps.setString(3, receivedAt);
      ps.setInt(4, records);
      ps.setInt(5, accepted);
      ps.setInt(6, duplicates);
      ps.setInt(7, rejected);
      ps.executeUpdate();
    }
  }
}
