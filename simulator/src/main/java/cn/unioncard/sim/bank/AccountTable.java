package cn.unioncard.sim.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code accounts} table: each card's debit and benefit account, its balance and what is held on it. */
final class AccountTable {
  private final Connection c;

  AccountTable(Connection c) {
    this.c = c;
  }

  /** One account of a card, or null. */
  Ledger.Account find(String panHash, String kind) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT a.pan_hash, k.pan_masked, a.kind, a.balance_fen, a.held_fen FROM accounts a"
            + " JOIN cards k ON k.pan_hash = a.pan_hash WHERE a.pan_hash = ? AND a.kind = ?")) {
      ps.setString(1, panHash);
      ps.setString(2, kind);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Ledger.Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5))
            : null;
      }
    }
  }

  /** Every account, by PAN hash and kind. */
  List<Ledger.Account> all() throws SQLException {
    List<Ledger.Account> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT a.pan_hash, c.pan_masked, a.kind, a.balance_fen, a.held_fen FROM accounts a"
            + " JOIN cards c ON c.pan_hash = a.pan_hash ORDER BY a.pan_hash, a.kind");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Ledger.Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
      }
    }
    return out;
  }

  /** Holds {@code fen} more on an account (a negative amount releases); nothing for 0. */
  void hold(String panHash, String kind, long fen) throws SQLException {
    if (fen == 0) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE accounts SET held_fen = held_fen + ? WHERE pan_hash = ? AND kind = ?")) {
      ps.setLong(1, fen);
      ps.setString(2, panHash);
      ps.setString(3, kind);
      ps.executeUpdate();
    }
  }

  /** Adds {@code balanceDelta} to an account's balance (a negative one takes money); nothing for 0. */
  void move(String panHash, String kind, long balanceDelta) throws SQLException {
    if (balanceDelta == 0) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE accounts SET balance_fen = balance_fen + ? WHERE pan_hash = ? AND kind = ?")) {
      ps.setLong(1, balanceDelta);
      ps.setString(2, panHash);
      ps.setString(3, kind);
      ps.executeUpdate();
    }
  }

  /** Sets an account's balance, creating the account (what is held stays held). */
  void setBalance(String panHash, String kind, long fen) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO accounts (pan_hash, kind, balance_fen, held_fen) VALUES (?, ?, ?, 0)"
            + " ON CONFLICT (pan_hash, kind) DO UPDATE SET balance_fen = excluded.balance_fen")) {
      ps.setString(1, panHash);
      ps.setString(2, kind);
      ps.setLong(3, fen);
      ps.executeUpdate();
    }
  }
}
