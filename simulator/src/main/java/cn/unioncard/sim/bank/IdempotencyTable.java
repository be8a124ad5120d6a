package cn.unioncard.sim.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The {@code idempotency} table: each money-moving call's key, the hash of its request and its stored answer. */
final class IdempotencyTable {
  /** A stored answer and what it answered. */
  record Stored(String methodPath, String requestSha256, int status, byte[] body) {}

  private final Connection c;

  IdempotencyTable(Connection c) {
    this.c = c;
  }

  /** The answer stored under a terminal's key no earlier than {@code since} (epoch ms), or null. */
  Stored find(String terminalId, String key, long since) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT method_path, request_sha256, status, body FROM idempotency"
            + " WHERE terminal_id = ? AND idempotency_key = ? AND created_at >= ?")) {
      ps.setString(1, terminalId);
      ps.setString(2, key);
      ps.setLong(3, since);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Stored(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBytes(4)) : null;
      }
    }
  }

  /** Stores (or replaces) the answer under a terminal's key, made at {@code now} (epoch ms). */
  void store(String terminalId, String key, Stored answer, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT OR REPLACE INTO idempotency (terminal_id, idempotency_key, method_path, request_sha256,"
            + " status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, terminalId);
      ps.setString(2, key);
      ps.setString(3, answer.methodPath());
      ps.setString(4, answer.requestSha256());
      ps.setInt(5, answer.status());
      ps.setBytes(6, answer.body());
      ps.setLong(7, now);
      ps.executeUpdate();
    }
  }

  /** Drops the keys made before {@code cutoff} (epoch ms); returns how many. */
  int purge(long cutoff) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency WHERE created_at < ?")) {
      ps.setLong(1, cutoff);
      return ps.executeUpdate();
    }
  }

  /** How many keys are kept. */
  long count() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM idempotency");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
