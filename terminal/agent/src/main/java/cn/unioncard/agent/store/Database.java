package cn.unioncard.agent.store;

import cn.unioncard.agent.event.EventListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The store's one SQLite connection and what every table shares: opening (WAL, {@code synchronous=FULL}, the size
 * bound, the migrations), the kept statements, one SQLite transaction per operation, and SQLite's failures as
 * {@link StoreException} kinds.
 *
 * <p>This object is the store's lock: a table holds it for the whole of each operation ({@code synchronized (db)}).
 */
final class Database implements AutoCloseable {
  /** SQLite's default {@code max_page_count} in the oldest version the store runs on: no bound of ours. */
  private static final long NO_BOUND_PAGES = 1073741823L;

  private final Connection connection;
  private final Path file;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  /** Told at the start and end of each commit (the benchmarks' store time). */
  private final EventListener listener;

  private Database(Connection connection, Path file, EventListener listener) {
    this.connection = connection;
    this.file = file;
    this.listener = listener;
  }

  /** Opens (creating and migrating as needed) the database in {@code file}, bounded to about {@code maxBytes}. */
  static Database open(Path file, long maxBytes, EventListener listener) throws StoreException {
    Connection c = null;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new StoreException(StoreException.Kind.CANNOT_OPEN, "no directory " + parent + " for the store", null);
      }
      java.util.Properties properties = new java.util.Properties();
      // the driver would run its own "SELECT last_insert_rowid()", prepared afresh, after every INSERT for
      // getGeneratedKeys(), which the store never calls: it asks with a kept statement where it needs the rowid
      properties.setProperty("jdbc.get_generated_keys", "false");
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), properties);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 5000");
        try (ResultSet r = s.executeQuery("PRAGMA journal_mode = WAL")) {
          r.next();
        }
        s.execute("PRAGMA synchronous = FULL");
        s.execute("PRAGMA foreign_keys = ON");
        if (maxBytes > 0) {
          long pageSize;
          try (ResultSet r = s.executeQuery("PRAGMA page_size")) {
            pageSize = r.next() ? r.getLong(1) : 4096;
          }
          try (ResultSet r = s.executeQuery("PRAGMA max_page_count = " + Math.max(1, maxBytes / pageSize))) {
            r.next();
          }
        }
      }
      Schema.migrate(c, file);
      return new Database(c, file, listener);
    } catch (SQLException e) {
      closeQuietly(c);
      throw classify(e, "cannot open the store " + file);
    } catch (StoreException e) {
      closeQuietly(c);
      throw e;
    }
  }

  Path file() {
    return file;
  }

  /** The connection, for a statement prepared for one use (a query of varying shape). */
  Connection connection() {
    return connection;
  }

  /** A prepared statement kept for the life of the store (the hot path prepares nothing). */
  PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement p = statements.get(sql);
    if (p == null) {
      p = connection.prepareStatement(sql);
      statements.put(sql, p);
    }
    return p;
  }

  /** A unit of work inside one SQLite transaction. */
  interface Work<T> {
    T run() throws SQLException, StoreException;
  }

  /**
   * Runs {@code work} in one SQLite transaction. The connection stays in auto-commit mode and the transaction is
   * begun and ended with kept statements: the driver's {@code setAutoCommit} toggling costs two more statements a
   * commit, a measurable share of a durable append.
   */
  synchronized <T> T inTransaction(String what, Work<T> work) throws StoreException {
    return inTransaction(what, true, work);
  }

  /** As above; {@code durable} false for a cache write ({@link #cacheWrite}), for the {@link EventListener}. */
  private <T> T inTransaction(String what, boolean durable, Work<T> work) throws StoreException {
    listener.storeCommitStart(durable);
    try {
      return inTransactionTold(what, work);
    } finally {
      listener.storeCommitEnd(durable);
    }
  }

  private <T> T inTransactionTold(String what, Work<T> work) throws StoreException {
    try {
      statement("BEGIN IMMEDIATE").execute();
      try {
        T result = work.run();
        statement("COMMIT").execute();
        return result;
      } catch (SQLException | StoreException | RuntimeException e) {
        rollbackQuietly();
        throw e;
      }
    } catch (SQLException e) {
      // a kept statement that failed (a full disk, an I/O error) may be left unusable by the driver: prepare afresh
      forgetStatements();
      if (e.getMessage() != null && e.getMessage().contains("no transaction is active")) {
        // SQLite rolled the transaction back on its own: it does so on a full disk or database and on I/O errors
        throw new StoreException(
            isFull() ? StoreException.Kind.FULL : StoreException.Kind.IO,
            "cannot " + what + ": " + (isFull() ? "the disk or the database is full" : "the write was rolled back"),
            e);
      }
      throw classify(e, "cannot " + what);
    }
  }

  /**
   * A write of what is only a cache of the bank's answers (card facts): one transaction committed with
   * {@code synchronous=NORMAL}, so it costs no fsync of its own. In WAL mode the commit is atomic and survives a
   * crash of the process; a power cut may lose it until the next durable commit (the next sale's intent), which
   * syncs the log with it. The connection is back at {@code synchronous=FULL} before this returns.
   */
  synchronized void cacheWrite(String what, Work<Void> work) throws StoreException {
    try {
      statement("PRAGMA synchronous = NORMAL").execute();
    } catch (SQLException e) {
      throw classify(e, "cannot " + what);
    }
    try {
      inTransaction(what, false, work);
    } finally {
      try {
        statement("PRAGMA synchronous = FULL").execute();
      } catch (SQLException e) {
        forgetStatements();
        try (Statement st = connection.createStatement()) {
          st.execute("PRAGMA synchronous = FULL");
        } catch (SQLException again) {
          throw new IllegalStateException("the store cannot return to synchronous=FULL: " + again.getMessage(), again);
        }
      }
    }
  }

  /** Changes the bound of the database to about {@code maxBytes} (0: only the disk's). */
  synchronized void maxBytes(long maxBytes) throws StoreException {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes is negative");
    }
    try (Statement s = connection.createStatement()) {
      long pageSize;
      try (ResultSet r = s.executeQuery("PRAGMA page_size")) {
        pageSize = r.next() ? r.getLong(1) : 4096;
      }
      long pages = maxBytes == 0 ? NO_BOUND_PAGES : Math.max(1, maxBytes / pageSize);
      try (ResultSet r = s.executeQuery("PRAGMA max_page_count = " + pages)) {
        r.next();
      }
    } catch (SQLException e) {
      throw classify(e, "change the bound of the store");
    }
  }

  /** Bytes the database may still grow by under its bound, free pages included; {@link Long#MAX_VALUE} unbounded. */
  synchronized long bytesLeft() throws StoreException {
    try (Statement s = connection.createStatement()) {
      long pageSize = pragma(s, "page_size");
      long max = pragma(s, "max_page_count");
      if (max >= NO_BOUND_PAGES) {
        return Long.MAX_VALUE; // SQLite's default (1073741823 or 4294967294 by version): no bound of ours
      }
      long left = max - pragma(s, "page_count") + pragma(s, "freelist_count");
      return Math.max(0, left) * pageSize;
    } catch (SQLException e) {
      throw classify(e, "measure the store");
    }
  }

  private static long pragma(Statement s, String name) throws SQLException {
    try (ResultSet r = s.executeQuery("PRAGMA " + name)) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  @Override
  public synchronized void close() {
    for (PreparedStatement p : statements.values()) {
      try {
        p.close();
      } catch (SQLException ignored) {
        // closing the connection below closes it anyway
      }
    }
    statements.clear();
    closeQuietly(connection);
  }

  private void forgetStatements() {
    for (PreparedStatement p : statements.values()) {
      try {
        p.close();
      } catch (SQLException ignored) {
        // it is being dropped
      }
    }
    statements.clear();
  }

  /** Whether the database has reached its page bound or its disk is (nearly) out of space. */
  private boolean isFull() {
    try (Statement s = connection.createStatement();
        ResultSet count = s.executeQuery("PRAGMA page_count")) {
      long pages = count.next() ? count.getLong(1) : 0;
      try (ResultSet max = s.executeQuery("PRAGMA max_page_count")) {
        if (max.next() && pages >= max.getLong(1) - 1) {
          return true;
        }
      }
      return Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace() < 1024 * 1024;
    } catch (SQLException | java.io.IOException e) {
      return false;
    }
  }

  private void rollbackQuietly() {
    try {
      statement("ROLLBACK").execute();
    } catch (SQLException ignored) {
      // the transaction is gone with the connection's trouble; SQLite rolls back on its own
    }
  }

  static boolean isConstraint(SQLException e) {
    return (e.getErrorCode() & 0xFF) == 19; // SQLITE_CONSTRAINT
  }

  /** Names the failure by SQLite's primary result code (https://www.sqlite.org/rescode.html). */
  static StoreException classify(SQLException e, String what) {
    int code = e.getErrorCode() & 0xFF;
    StoreException.Kind kind;
    String why;
    switch (code) {
      case 13: // SQLITE_FULL
        kind = StoreException.Kind.FULL;
        why = "the disk or the database is full";
        break;
      case 8: // SQLITE_READONLY
      case 3: // SQLITE_PERM
        kind = StoreException.Kind.READ_ONLY;
        why = "the database cannot be written";
        break;
      case 14: // SQLITE_CANTOPEN
        kind = StoreException.Kind.CANNOT_OPEN;
        why = "the database file cannot be opened";
        break;
      case 26: // SQLITE_NOTADB
      case 11: // SQLITE_CORRUPT
        kind = StoreException.Kind.CORRUPT;
        why = "the file is not a sound database";
        break;
      case 10: // SQLITE_IOERR
        kind = StoreException.Kind.IO;
        why = "the disk reported an I/O error";
        break;
      default:
        kind = StoreException.Kind.OTHER;
        why = e.getMessage();
    }
    return new StoreException(kind, what + ": " + why, e);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // nothing more to do with a connection we are dropping
      }
    }
  }
}
