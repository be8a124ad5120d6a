package cn.unioncard.sim.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The {@code seen_requests} table: the request ids of the replay window. */
final class SeenRequestTable {
  private final Connection c;

  SeenRequestTable(Connection c) {
    this.c = c;
  }

  /**
   * Forgets the ids seen before {@code forgetBefore} (epoch ms), then notes {@code requestId} as seen at
   * {@code now}; false when it was seen already (a replay).
   */
  boolean markSeen(String requestId, long now, long forgetBefore) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM seen_requests WHERE seen_at < ?")) {
      ps.setLong(1, forgetBefore);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO seen_requests (request_id, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, requestId);
      ps.setLong(2, now);
      return ps.executeUpdate() == 1;
    }
  }
}
