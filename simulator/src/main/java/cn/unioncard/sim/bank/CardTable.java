package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.Member;
import cn.unioncard.bank.model.MemberCategory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Locale;

/** The {@code cards} and {@code members} tables: the cards the issuer knows, by PAN hash, and their members. */
final class CardTable {
  /** A card as the issuer holds it. */
  record Card(String panHash, String psn, String expiry, String pinCheck, boolean blocked, int pinTries,
      int lastAtc) {
    boolean expired(LocalDate today) {
      LocalDate end = LocalDate.of(2000 + Integer.parseInt(expiry.substring(0, 2)),
          Integer.parseInt(expiry.substring(2, 4)), Integer.parseInt(expiry.substring(4, 6)));
      return end.isBefore(today);
    }
  }

  private final Connection c;

  CardTable(Connection c) {
    this.c = c;
  }

  /** The card with this PAN hash, or null. */
  Card find(String panHash) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT psn, expiry, pin_check, status, pin_tries, last_atc FROM cards WHERE pan_hash = ?")) {
      ps.setString(1, panHash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Card(panHash, rs.getString(1), rs.getString(2), rs.getString(3),
            "blocked".equals(rs.getString(4)), rs.getInt(5), rs.getInt(6));
      }
    }
  }

  /** Adds a card or updates it (its PIN tries start again at 0; its last ATC stays). */
  void upsert(String panHash, String psn, String expiry, String pinCheck, boolean blocked, String memberId,
      String panMasked) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO cards (pan_hash, psn, expiry, pin_check, status, pin_tries, member_id, pan_masked)"
            + " VALUES (?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (pan_hash) DO UPDATE SET psn = excluded.psn,"
            + " expiry = excluded.expiry, pin_check = excluded.pin_check, status = excluded.status,"
            + " pin_tries = 0, member_id = excluded.member_id")) {
      ps.setString(1, panHash);
      ps.setString(2, psn);
      ps.setString(3, expiry);
      ps.setString(4, pinCheck);
      ps.setString(5, blocked ? "blocked" : "active");
      ps.setString(6, memberId);
      ps.setString(7, panMasked);
      ps.executeUpdate();
    }
  }

  /** The highest ATC the card has used. */
  void setLastAtc(String panHash, int atc) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE cards SET last_atc = ? WHERE pan_hash = ?")) {
      ps.setInt(1, atc);
      ps.setString(2, panHash);
      ps.executeUpdate();
    }
  }

  /** The wrong PINs given in a row. */
  void setPinTries(String panHash, int tries) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE cards SET pin_tries = ? WHERE pan_hash = ?")) {
      ps.setInt(1, tries);
      ps.setString(2, panHash);
      ps.executeUpdate();
    }
  }

  /** Links a card to a member; false when there is no such card. */
  boolean linkMember(String panHash, String memberId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE cards SET member_id = ? WHERE pan_hash = ?")) {
      ps.setString(1, memberId);
      ps.setString(2, panHash);
      return ps.executeUpdate() == 1;
    }
  }

  /** Adds a member or updates it. */
  void upsertMember(CardSeed.MemberSeed m) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO members (member_id, union_name, category, valid_until) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (member_id) DO UPDATE SET union_name = excluded.union_name,"
            + " category = excluded.category, valid_until = excluded.valid_until")) {
      ps.setString(1, m.memberId());
      ps.setString(2, m.union());
      ps.setString(3, m.category());
      ps.setString(4, m.validUntil());
      ps.executeUpdate();
    }
  }

  /** The member the card of this PAN hash belongs to, or null. */
  Member memberOf(String panHash) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT m.member_id, m.union_name, m.category, m.valid_until FROM cards k"
            + " JOIN members m ON m.member_id = k.member_id WHERE k.pan_hash = ?")) {
      ps.setString(1, panHash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Member(rs.getString(1), rs.getString(2),
            MemberCategory.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)), LocalDate.parse(rs.getString(4)));
      }
    }
  }
}
