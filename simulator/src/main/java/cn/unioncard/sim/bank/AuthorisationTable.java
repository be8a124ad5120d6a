package cn.unioncard.sim.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code authorisations} table: every authorisation, approved or declined, and what became of it. */
final class AuthorisationTable {
  private static final String COLUMNS = "transaction_id, terminal_id, merchant_id, pan_hash, amount_fen,"
      + " benefit_fen, debit_fen, status, reason, auth_code";

  private final Connection c;

  AuthorisationTable(Connection c) {
    this.c = c;
  }

  /** Stores an authorisation with its ARC; false when its transaction id is already there. */
  boolean insert(Ledger.Authorisation a, String arc, String now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO authorisations (transaction_id, terminal_id, merchant_id, pan_hash, amount_fen, benefit_fen,"
            + " debit_fen, status, reason, auth_code, arc, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, a.transactionId());
      ps.setString(2, a.terminalId());
      ps.setString(3, a.merchantId());
      ps.setString(4, a.panHash());
      ps.setLong(5, a.amountFen());
      ps.setLong(6, a.benefitFen());
      ps.setLong(7, a.debitFen());
      ps.setString(8, a.status());
      ps.setString(9, a.reason());
      ps.setString(10, a.authCode());
      ps.setString(11, arc);
      ps.setString(12, now);
      ps.setString(13, now);
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("UNIQUE")) {
        return false;
      }
      throw e;
    }
  }

  /** A terminal's authorisation, or null. */
  Ledger.Authorisation find(String terminalId, String transactionId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM authorisations WHERE transaction_id = ? AND terminal_id = ?")) {
      ps.setString(1, transactionId);
      ps.setString(2, terminalId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  /** Every authorisation, oldest first. */
  List<Ledger.Authorisation> all() throws SQLException {
    List<Ledger.Authorisation> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM authorisations ORDER BY created_at, transaction_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row(rs));
      }
    }
    return out;
  }

  /** How many authorisations the bank has made. */
  long count() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM authorisations");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Moves an authorisation to {@code authorised}, {@code settled} or {@code reversed}. */
  void setStatus(String transactionId, String status, String now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE authorisations SET status = ?, updated_at = ? WHERE transaction_id = ?")) {
      ps.setString(1, status);
      ps.setString(2, now);
      ps.setString(3, transactionId);
      ps.executeUpdate();
    }
  }

  private static Ledger.Authorisation row(ResultSet rs) throws SQLException {
    return new Ledger.Authorisation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10));
  }
}
