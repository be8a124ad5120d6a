package cn.unioncard.sim.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The {@code reference_documents} table: every published version of each kind, full, and the hotlist's deltas. */
final class ReferenceTable {
  /** A stored document: its version, the version a delta applies to (null: full), when issued, its bytes. */
  record Document(long version, Long baseVersion, String issuedAt, byte[] content) {}

  private final Connection c;

  ReferenceTable(Connection c) {
    this.c = c;
  }

  /** The kind's latest version, or null when none is published. */
  Long latestVersion(String kind) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT MAX(version) FROM reference_documents WHERE kind = ?")) {
      ps.setString(1, kind);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long latest = rs.getLong(1);
        return rs.wasNull() ? null : latest;
      }
    }
  }

  /** The delta that applies to {@code baseVersion}, or null. */
  Document delta(String kind, long baseVersion) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT version, base_version, issued_at, content FROM reference_documents"
            + " WHERE kind = ? AND base_version = ?")) {
      ps.setString(1, kind);
      ps.setLong(2, baseVersion);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Document(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBytes(4)) : null;
      }
    }
  }

  /** The full document of a version, or null. */
  Document full(String kind, long version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT version, issued_at, content FROM reference_documents"
            + " WHERE kind = ? AND version = ? AND base_version IS NULL")) {
      ps.setString(1, kind);
      ps.setLong(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Document(rs.getLong(1), null, rs.getString(2), rs.getBytes(3)) : null;
      }
    }
  }

  /** How many documents of the kind are stored. */
  long count(String kind) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM reference_documents WHERE kind = ?")) {
      ps.setString(1, kind);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The kind's next version: one above the latest, 1 for the first. */
  long nextVersion(String kind) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM reference_documents WHERE kind = ?")) {
      ps.setString(1, kind);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  void insert(String kind, Document d) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO reference_documents (kind, version, base_version, issued_at, content) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, kind);
      ps.setLong(2, d.version());
      if (d.baseVersion() == null) {
        ps.setNull(3, java.sql.Types.INTEGER);
      } else {
        ps.setLong(3, d.baseVersion());
      }
      ps.setString(4, d.issuedAt());
      ps.setBytes(5, d.content());
      ps.executeUpdate();
    }
  }
}
