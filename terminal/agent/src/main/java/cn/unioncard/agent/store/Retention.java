package cn.unioncard.agent.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** What the store keeps and for how long: settled records are pruned after the retention period, nothing unsettled. */
public final class Retention {
  private final Database db;
  private final TxRows rows;

  Retention(Database db, TxRows rows) {
    this.db = db;
    this.rows = rows;
  }

  /**
   * Deletes what no longer needs keeping: records the bank accepted (or already had) before {@code settledBefore},
   * and transactions that ended without moving money (declined, cancelled, reversed) last changed before it. Never
   * deleted: anything unsettled (due, refused, quarantined), anything unfinished, a transaction an unsettled or
   * unfinished one refers to, and the newest row (its sequence is what keeps ids from being given again). Deletes
   * in chunks, one SQLite transaction each. Returns how many rows were deleted.
   */
  public long prune(Instant settledBefore) throws StoreException {
    long cutoff = settledBefore.toEpochMilli();
    synchronized (db) {
      Set<Long> referenced = new HashSet<>();
      try (Statement s = db.connection().createStatement();
          ResultSet r = s.executeQuery("SELECT original_id FROM transactions WHERE original_id IS NOT NULL"
              + " AND (upload_state IN ('PENDING', 'REJECTED', 'QUARANTINED') OR state IN " + Schema.UNFINISHED
              + ")")) {
        while (r.next()) {
          referenced.add(rows.seqOf(r.getString(1)));
        }
      } catch (SQLException e) {
        throw Database.classify(e, "find what unsettled transactions refer to");
      }
      StringBuilder keep = new StringBuilder();
      for (Long seq : referenced) {
        keep.append(keep.length() == 0 ? "" : ", ").append(seq);
      }
      String sql = "DELETE FROM transactions WHERE seq IN (SELECT seq FROM transactions WHERE"
          + " seq < (SELECT max(seq) FROM transactions)"
          + " AND state NOT IN " + Schema.UNFINISHED
          + " AND ((upload_state IN ('ACCEPTED', 'DUPLICATE') AND uploaded_at < " + cutoff + ")"
          + " OR (upload_state = 'NOT_DUE' AND state IN ('DECLINED', 'CANCELLED', 'REVERSED') AND updated_at < "
          + cutoff + "))"
          + (keep.length() == 0 ? "" : " AND seq NOT IN (" + keep + ")")
          + " LIMIT 5000)";
      long total = 0;
      while (true) {
        int n = db.inTransaction("prune settled records", () -> {
          try (Statement s = db.connection().createStatement()) {
            return s.executeUpdate(sql);
          }
        });
        total += n;
        if (n == 0) {
          return total;
        }
      }
    }
  }
}
