package cn.unioncard.sim.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The {@code merchants} table: the merchants the bank accepts. */
final class MerchantTable {
  private final Connection c;

  MerchantTable(Connection c) {
    this.c = c;
  }

  /** The merchant's name, or null for an unknown merchant. */
  String name(String merchantId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM merchants WHERE merchant_id = ?")) {
      ps.setString(1, merchantId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Adds a merchant or renames it. */
  void upsert(String merchantId, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO merchants (merchant_id, name) VALUES (?, ?)"
            + " ON CONFLICT (merchant_id) DO UPDATE SET name = excluded.name")) {
      ps.setString(1, merchantId);
      ps.setString(2, name);
      ps.executeUpdate();
    }
  }
}
