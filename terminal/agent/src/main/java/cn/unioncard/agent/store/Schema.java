package cn.unioncard.agent.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The store's schema: its versions as migrations ({@code PRAGMA user_version}), applied when a file is opened. */
final class Schema {
  /** The states recovery must finish, as an SQL list (the partial index below and its queries share it). */
  static final String UNFINISHED = unfinishedStates();

  /**
   * The schema, one migration per version: index i takes the database from version i to i + 1.
   *
   * <p>Version 1 is shaped for one page a commit where it can: the sequence is the table's rowid (an id is the
   * terminal id and the sequence, so it needs no index of its own), the state history is a column of the row, and
   * the indexes are partial, so a row enters an index only while some query needs to find it (an unfinished row by
   * its card, a record due for upload or refused, a settled record by its business day).
   */
  private static final String[][] MIGRATIONS = {
    {
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
      "CREATE TABLE transactions ("
          + " seq INTEGER PRIMARY KEY,"
          + " type TEXT NOT NULL,"
          + " state TEXT NOT NULL,"
          + " business_date TEXT NOT NULL,"
          + " created_at INTEGER NOT NULL,"
          + " updated_at INTEGER NOT NULL,"
          + " register_ref TEXT,"
          + " card_ref TEXT,"
          + " pan_encrypted BLOB,"
          + " amount_fen INTEGER NOT NULL DEFAULT 0,"
          + " benefit_fen INTEGER NOT NULL DEFAULT 0,"
          + " debit_fen INTEGER NOT NULL DEFAULT 0,"
          + " ecash_fen INTEGER NOT NULL DEFAULT 0,"
          + " purse_fen INTEGER NOT NULL DEFAULT 0,"
          + " merchant_fen INTEGER NOT NULL DEFAULT 0,"
          + " bank_fen INTEGER NOT NULL DEFAULT 0,"
          + " union_fen INTEGER NOT NULL DEFAULT 0,"
          + " original_id TEXT,"
          + " auth_code TEXT,"
          + " reason TEXT,"
          + " detail TEXT,"
          + " history TEXT NOT NULL,"
          + " upload_state TEXT NOT NULL DEFAULT 'NOT_DUE',"
          + " upload_attempts INTEGER NOT NULL DEFAULT 0,"
          + " upload_reason TEXT,"
          + " uploaded_at INTEGER,"
          + " upload_next_at INTEGER,"
          + " escalated INTEGER NOT NULL DEFAULT 0)",
      "CREATE UNIQUE INDEX transactions_register_ref ON transactions (type, register_ref)"
          + " WHERE register_ref IS NOT NULL",
      "CREATE INDEX transactions_unfinished ON transactions (card_ref) WHERE state IN " + UNFINISHED,
      "CREATE INDEX transactions_pending ON transactions (upload_state) WHERE upload_state = 'PENDING'",
      "CREATE INDEX transactions_refused ON transactions (upload_state)"
          + " WHERE upload_state IN ('REJECTED', 'QUARANTINED')",
      "CREATE INDEX transactions_day ON transactions (business_date) WHERE upload_state <> 'NOT_DUE'",
      "CREATE TABLE business_days ("
          + " business_date TEXT PRIMARY KEY,"
          + " state TEXT NOT NULL,"
          + " updated_at INTEGER NOT NULL,"
          + " detail TEXT)"
    },
    {
      // version 2: what the checkout last learnt of a card from the bank, by card_ref (the PAN's keyed hash, never
      // the PAN): the member look-up (category NULL: "not a member") and the benefit balance, each with its time
      "CREATE TABLE card_facts ("
          + " card_ref TEXT PRIMARY KEY,"
          + " member_at INTEGER,"
          + " member_category TEXT,"
          + " benefit_fen INTEGER,"
          + " benefit_at INTEGER)"
    }
  };

  private Schema() {}

  /** The schema version this program writes. */
  static int version() {
    return MIGRATIONS.length;
  }

  /** Takes the file to this program's version, one SQLite transaction a version; refuses a newer file. */
  static void migrate(Connection c, Path file) throws SQLException, StoreException {
    int version;
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
      version = r.next() ? r.getInt(1) : 0;
    }
    if (version > MIGRATIONS.length) {
      throw new StoreException(
          StoreException.Kind.CANNOT_OPEN,
          file + " has schema version " + version + ", newer than this program's " + MIGRATIONS.length
              + ": upgrade the program",
          null);
    }
    for (int v = version; v < MIGRATIONS.length; v++) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : MIGRATIONS[v]) {
          s.execute(sql);
        }
        s.execute("PRAGMA user_version = " + (v + 1));
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private static String unfinishedStates() {
    StringBuilder b = new StringBuilder("(");
    for (TxState s : TxState.values()) {
      if (s.isUnfinished()) {
        b.append(b.length() == 1 ? "" : ", ").append('\'').append(s.name()).append('\'');
      }
    }
    return b.append(')').toString();
  }
}
