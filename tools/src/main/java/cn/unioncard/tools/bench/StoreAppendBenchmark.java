package cn.unioncard.tools.bench;

import cn.unioncard.agent.store.NewTx;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;

/**
 * {@code store-append}: durable appends, the transaction store's {@code begin} (one SQLite transaction, WAL,
 * synchronous=FULL) side by side with a bare insert-and-commit loop with the same settings on the same disk, the
 * physical limit here. Alternating rounds, so both see the same disk weather; at most 2,000 of each after 50
 * unmeasured.
 */
final class StoreAppendBenchmark {
  private static final int WARMUP = 50;

  private final BenchSettings settings;

  StoreAppendBenchmark(BenchSettings settings) {
    this.settings = settings;
  }

  ObjectNode run() throws Exception {
    Path work = settings.workDir("store");
    int ops = Math.min(settings.n(), 2000);
    try (TransactionStore store = TransactionStore.open(work.resolve("store.db"), "BENCH0001", Clock.systemUTC());
        Connection bare = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("bare.db"))) {
      try (Statement st = bare.createStatement()) {
        st.executeQuery("PRAGMA journal_mode = WAL").close();
        st.execute("PRAGMA synchronous = FULL");
        st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
      }
      LocalDate day = LocalDate.now();
      PreparedStatement insert = bare.prepareStatement("INSERT INTO t (payload) VALUES (?)");
      bare.setAutoCommit(false);
      long[] storeTimes = new long[ops];
      long[] bareTimes = new long[ops];
      for (int i = 0; i < ops + WARMUP; i++) {
        long s = System.nanoTime();
        store.begin(NewTx.of(TxType.TRIP, day).amount(200));
        long storeTime = System.nanoTime() - s;
        s = System.nanoTime();
        insert.setString(1, "trip 200");
        insert.executeUpdate();
        bare.commit();
        long bareTime = System.nanoTime() - s;
        if (i >= WARMUP) {
          storeTimes[i - WARMUP] = storeTime;
          bareTimes[i - WARMUP] = bareTime;
        }
      }
      insert.close();
      ObjectNode o = Measurement.summary("store-append", "us", storeTimes);
      double storeRate = 1e9 / Measurement.mean(storeTimes);
      double bareRate = 1e9 / Measurement.mean(bareTimes);
      o.put("appends_per_s", Math.round(storeRate));
      o.put("baseline", Math.round(bareRate));
      o.put("baseline_unit", "appends_per_s");
      o.put("ratio", Math.round(storeRate / bareRate * 1000) / 1000.0);
      o.put("baseline_p50", Measurement.summary("bare", "us", bareTimes).get("p50").asDouble());
      return o;
    } finally {
      BenchSettings.deleteWork(work);
    }
  }
}
