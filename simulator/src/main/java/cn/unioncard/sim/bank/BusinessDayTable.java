package cn.unioncard.sim.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code business_days} table: each terminal's day close, its result and both sides' totals. */
final class BusinessDayTable {
  private final Connection c;

  BusinessDayTable(Connection c) {
    this.c = c;
  }

  /** Stores (or replaces) a day's close: {@code closed} or {@code open}, the answer, both sides' totals as JSON. */
  void store(String terminalId, String businessDate, String status, String result, String terminalTotals,
      String bankTotals, String now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT OR REPLACE INTO business_days (terminal_id, business_date, status, result, terminal_totals,"
            + " bank_totals, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, terminalId);
      ps.setString(2, businessDate);
      ps.setString(3, status);
      ps.setString(4, result);
      ps.setString(5, terminalTotals);
      ps.setString(6, bankTotals);
      ps.setString(7, now);
      ps.executeUpdate();
    }
  }

  /** The stored closes, by terminal and date. */
  List<Ledger.Day> all() throws SQLException {
    List<Ledger.Day> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT terminal_id, business_date, status, result FROM business_days ORDER BY terminal_id, business_date");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Ledger.Day(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
      }
    }
    return out;
  }
}
