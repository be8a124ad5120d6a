package cn.unioncard.sim.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code working_keys} table: every sign-on's keys, by terminal and key version. */
final class WorkingKeyTable {
  private final Connection c;

  WorkingKeyTable(Connection c) {
    this.c = c;
  }

  /** Stores the keys of a sign-on as the terminal's next key version (SM4); returns that version. */
  int issue(String terminalId, String businessDate, String issuedAt, IssuedKeys keys) throws SQLException {
    int v = 1;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COALESCE(MAX(key_version), 0) + 1 FROM working_keys WHERE terminal_id = ?")) {
      ps.setString(1, terminalId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        v = rs.getInt(1);
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO working_keys (terminal_id, key_version, business_date, issued_at, algorithm, pin_key,"
            + " mac_key, data_key) VALUES (?, ?, ?, ?, 'SM4', ?, ?, ?)")) {
      ps.setString(1, terminalId);
      ps.setInt(2, v);
      ps.setString(3, businessDate);
      ps.setString(4, issuedAt);
      ps.setBytes(5, keys.pinKey());
      ps.setBytes(6, keys.macKey());
      ps.setBytes(7, keys.dataKey());
      ps.executeUpdate();
    }
    return v;
  }

  /** A terminal's working keys, newest first (its last 60 sign-ons). */
  List<IssuedKeys> newestFirst(String terminalId) throws SQLException {
    List<IssuedKeys> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT pin_key, mac_key, data_key FROM working_keys WHERE terminal_id = ?"
            + " ORDER BY key_version DESC LIMIT 60")) {
      ps.setString(1, terminalId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new IssuedKeys(rs.getBytes(1), rs.getBytes(2), rs.getBytes(3)));
        }
      }
    }
    return out;
  }
}
