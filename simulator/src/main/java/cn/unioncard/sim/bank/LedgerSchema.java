package cn.unioncard.sim.bank;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The ledger's schema: made in a new file, migrated in an older one, refused when newer than this code. */
final class LedgerSchema {
  /** The schema version this code makes. */
  static final int SCHEMA_VERSION = 1;

  private LedgerSchema() {}

  /** Brings the schema of {@code db} to {@link #SCHEMA_VERSION}, in one transaction. */
  static void migrate(Connection db) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int version = 0;
      try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
        if (rs.next()) {
          version = rs.getInt(1);
        }
      }
      if (version > SCHEMA_VERSION) {
        throw new SQLException("the ledger has schema " + version + ", newer than this simulator's "
            + SCHEMA_VERSION);
      }
      db.setAutoCommit(false);
      try {
        if (version < 1) {
          for (String ddl : SCHEMA_1) {
            s.execute(ddl);
          }
          s.execute("INSERT INTO schema_version (version) VALUES (1)");
        }
        db.commit();
      } catch (SQLException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    }
  }

  private static final String[] SCHEMA_1 = {
    "CREATE TABLE terminals (terminal_id TEXT PRIMARY KEY, signature_alg TEXT NOT NULL,"
        + " public_key BLOB NOT NULL, tmk BLOB NOT NULL, created_at TEXT NOT NULL)",
    "CREATE TABLE working_keys (terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),"
        + " key_version INTEGER NOT NULL, business_date TEXT NOT NULL, issued_at TEXT NOT NULL,"
        + " algorithm TEXT NOT NULL, pin_key BLOB NOT NULL, mac_key BLOB NOT NULL, data_key BLOB NOT NULL,"
        + " PRIMARY KEY (terminal_id, key_version))",
    "CREATE TABLE members (member_id TEXT PRIMARY KEY, union_name TEXT NOT NULL, category TEXT NOT NULL,"
        + " valid_until TEXT NOT NULL)",
    "CREATE TABLE cards (pan_hash TEXT PRIMARY KEY, psn TEXT NOT NULL, expiry TEXT NOT NULL,"
        + " pin_check TEXT, status TEXT NOT NULL, pin_tries INTEGER NOT NULL DEFAULT 0,"
        + " last_atc INTEGER NOT NULL DEFAULT -1, member_id TEXT REFERENCES members(member_id),"
        + " pan_masked TEXT NOT NULL)",
    "CREATE TABLE accounts (account_id INTEGER PRIMARY KEY AUTOINCREMENT,"
        + " pan_hash TEXT NOT NULL REFERENCES cards(pan_hash), kind TEXT NOT NULL CHECK (kind IN ('debit','benefit')),"
        + " balance_fen INTEGER NOT NULL, held_fen INTEGER NOT NULL DEFAULT 0, UNIQUE (pan_hash, kind))",
    "CREATE TABLE merchants (merchant_id TEXT PRIMARY KEY, name TEXT NOT NULL)",
    "CREATE TABLE authorisations (transaction_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL,"
        + " merchant_id TEXT NOT NULL, pan_hash TEXT NOT NULL, amount_fen INTEGER NOT NULL,"
        + " benefit_fen INTEGER NOT NULL, debit_fen INTEGER NOT NULL, status TEXT NOT NULL,"
        + " reason TEXT, auth_code TEXT, arc TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
    "CREATE TABLE records (transaction_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, batch_id TEXT NOT NULL,"
        + " type TEXT NOT NULL, business_date TEXT NOT NULL, record_time TEXT NOT NULL, pan_hash TEXT NOT NULL,"
        + " amount_fen INTEGER NOT NULL, benefit_fen INTEGER NOT NULL, debit_fen INTEGER NOT NULL,"
        + " ecash_fen INTEGER NOT NULL, purse_fen INTEGER NOT NULL, merchant_fen INTEGER NOT NULL,"
        + " bank_fen INTEGER NOT NULL, union_subsidy_fen INTEGER NOT NULL, original_transaction_id TEXT,"
        + " auth_code TEXT, content_sha256 TEXT NOT NULL, content BLOB NOT NULL, received_at TEXT NOT NULL)",
    "CREATE INDEX records_by_day ON records (terminal_id, business_date)",
    "CREATE TABLE batches (terminal_id TEXT NOT NULL, batch_id TEXT NOT NULL, received_at TEXT NOT NULL,"
        + " records INTEGER NOT NULL, accepted INTEGER NOT NULL, duplicates INTEGER NOT NULL,"
        + " rejected INTEGER NOT NULL, PRIMARY KEY (terminal_id, batch_id, received_at))",
    "CREATE TABLE business_days (terminal_id TEXT NOT NULL, business_date TEXT NOT NULL,"
        + " status TEXT NOT NULL, result TEXT NOT NULL, terminal_totals TEXT NOT NULL, bank_totals TEXT NOT NULL,"
        + " updated_at TEXT NOT NULL, PRIMARY KEY (terminal_id, business_date))",
    "CREATE TABLE idempotency (terminal_id TEXT NOT NULL, idempotency_key TEXT NOT NULL,"
        + " method_path TEXT NOT NULL, request_sha256 TEXT NOT NULL, status INTEGER NOT NULL, body BLOB NOT NULL,"
        + " created_at INTEGER NOT NULL, PRIMARY KEY (terminal_id, idempotency_key))",
    "CREATE INDEX idempotency_by_age ON idempotency (created_at)",
    "CREATE TABLE seen_requests (request_id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL)",
    "CREATE INDEX seen_requests_by_age ON seen_requests (seen_at)",
    "CREATE TABLE reference_documents (kind TEXT NOT NULL, version INTEGER NOT NULL,"
        + " base_version INTEGER, issued_at TEXT NOT NULL, content BLOB NOT NULL,"
        + " PRIMARY KEY (kind, version, base_version))",
  };
}
