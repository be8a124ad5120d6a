package cn.unioncard.sim.bank;

import cn.unioncard.bank.signing.SignatureAlgorithm;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The {@code terminals} table: the terminals registered with the bank and their keys. */
final class TerminalTable {
  private final Connection c;

  TerminalTable(Connection c) {
    this.c = c;
  }

  /** The terminal with this id, or null. */
  Terminal find(String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT signature_alg, public_key, tmk FROM terminals WHERE terminal_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Terminal(id, SignatureAlgorithm.fromHeader(rs.getString(1)), rs.getBytes(2), rs.getBytes(3));
      }
    }
  }

  /** Registers a terminal, or replaces its algorithm and keys. */
  void upsert(String terminalId, SignatureAlgorithm algorithm, byte[] publicKey, byte[] tmk, String now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO terminals (terminal_id, signature_alg, public_key, tmk, created_at) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (terminal_id) DO UPDATE SET signature_alg = excluded.signature_alg,"
            + " public_key = excluded.public_key, tmk = excluded.tmk")) {
      ps.setString(1, terminalId);
      ps.setString(2, algorithm.headerValue());
      ps.setBytes(3, publicKey);
      ps.setBytes(4, tmk);
      ps.setString(5, now);
      ps.executeUpdate();
    }
  }
}
