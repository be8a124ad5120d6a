package cn.unioncard.agent.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code card_facts} table (schema version 2): what the checkout learnt of a card from the bank, by
 * {@code card_ref} (the PAN's keyed hash, never the PAN). A cache, so it is written without an fsync of its own
 * ({@link Database#cacheWrite}). Reached through {@link TransactionStore#cardFacts()}.
 */
public final class CardFactsTable {
  private final Database db;

  CardFactsTable(Database db) {
    this.db = db;
  }

  /** The facts kept for a card, when any. */
  public Optional<CardFacts> get(String cardRef) throws StoreException {
    synchronized (db) {
      try {
        PreparedStatement q = db.statement("SELECT member_at, member_category, benefit_fen, benefit_at FROM card_facts"
            + " WHERE card_ref = ?");
        q.setString(1, cardRef);
        try (ResultSet r = q.executeQuery()) {
          if (!r.next()) {
            return Optional.empty();
          }
          long memberAt = r.getLong(1);
          Instant m = r.wasNull() ? null : Instant.ofEpochMilli(memberAt);
          String category = r.getString(2);
          long fen = r.getLong(3);
          Long benefit = r.wasNull() ? null : fen;
          long benefitAt = r.getLong(4);
          Instant b = r.wasNull() ? null : Instant.ofEpochMilli(benefitAt);
          return Optional.of(new CardFacts(cardRef, m, category, benefit, b));
        }
      } catch (SQLException e) {
        throw Database.classify(e, "read the facts of a card");
      }
    }
  }

  /** Keeps a member look-up of a card: its category, or null for "not a member", and when it was made. */
  public void rememberMember(String cardRef, String category, Instant at) throws StoreException {
    synchronized (db) {
      db.cacheWrite("keep a member look-up", () -> {
        PreparedStatement u = db.statement("INSERT INTO card_facts (card_ref, member_at, member_category)"
            + " VALUES (?, ?, ?) ON CONFLICT (card_ref) DO UPDATE SET member_at = excluded.member_at,"
            + " member_category = excluded.member_category");
        u.setString(1, cardRef);
        u.setLong(2, at.toEpochMilli());
        u.setString(3, category);
        u.executeUpdate();
        return null;
      });
    }
  }

  /** Keeps the benefit balance the bank told for a card, and when. */
  public void rememberBenefitBalance(String cardRef, long fen, Instant at) throws StoreException {
    synchronized (db) {
      db.cacheWrite("keep a benefit balance", () -> {
        PreparedStatement u = db.statement("INSERT INTO card_facts (card_ref, benefit_fen, benefit_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (card_ref) DO UPDATE SET benefit_fen = excluded.benefit_fen,"
            + " benefit_at = excluded.benefit_at");
        u.setString(1, cardRef);
        u.setLong(2, fen);
        u.setLong(3, at.toEpochMilli());
        u.executeUpdate();
        return null;
      });
    }
  }

  /** Forgets the card facts learnt before {@code before} (both the look-up and the balance); returns how many. */
  public int forgetBefore(Instant before) throws StoreException {
    synchronized (db) {
      return db.inTransaction("forget old card facts", () -> {
        PreparedStatement u = db.statement("DELETE FROM card_facts WHERE COALESCE(member_at, 0) < ?"
            + " AND COALESCE(benefit_at, 0) < ?");
        u.setLong(1, before.toEpochMilli());
        u.setLong(2, before.toEpochMilli());
        return u.executeUpdate();
      });
    }
  }
}
