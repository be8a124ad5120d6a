package cn.unioncard.tools.bench;

import cn.unioncard.agent.settle.SettlementConfig;
import cn.unioncard.agent.settle.SettlementWorker;
import cn.unioncard.agent.store.NewTx;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.agent.store.UploadState;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.SignOn;
import cn.unioncard.bank.keys.PanProtection;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.sim.bank.TestKeys;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The terminal side of the {@code backlog-upload} benchmark, run in a JVM of its own with a 64 MB heap so its peak
 * heap is the terminal's alone: signs on, fills a real store with {@code count} approved sales (a validator back from
 * a week offline), then uploads them with the settlement worker ({@link SettlementWorker}) in batches. The heap's
 * peak is reset after the fill, so it measures the upload. Prints one line: {@code seconds records settled
 * peak_heap_bytes store_bytes} (the store's file and its WAL after the fill).
 *
 * <p>Arguments: base URL, CA PEM file, terminal id, PAN, record count, batch size, store file.
 */
public final class BacklogUploader {
  private BacklogUploader() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String caPem = new String(Files.readAllBytes(Paths.get(args[1])), StandardCharsets.US_ASCII);
    String terminal = args[2];
    Pan pan = Pan.parse(args[3]);
    int count = Integer.parseInt(args[4]);
    int batchSize = Integer.parseInt(args[5]);
    Path storeFile = Paths.get(args[6]);
    try (BankClient client = new BankClient(TestKeys.clientConfig(baseUrl, caPem, terminal)
        .readTimeout(Duration.ofSeconds(60))
        .callTimeout(Duration.ofSeconds(120))
        .build());
        TransactionStore store = TransactionStore.open(storeFile, terminal, Clock.systemUTC())) {
      SignOn signOn = client.signOn(TestKeys.terminalMasterKey(terminal));
      PanProtection protection = signOn.keys().panProtection();
      String panHash = protection.panHash(pan);
      LocalDate day = LocalDate.of(2026, 11, 16);
      // the fill: a fresh store gives the ids 1, 2, 3... in order, so each PAN is encrypted for its own id
      for (int from = 0; from < count; from += 5000) {
        List<NewTx> chunk = new ArrayList<>(5000);
        for (int i = from; i < Math.min(count, from + 5000); i++) {
          String id = terminal + "-" + String.format(Locale.ROOT, "%012d", i + 1);
          long fen = 100 + i % 900;
          chunk.add(NewTx.of(TxType.SALE, day).startIn(TxState.APPROVED).with(TxChange.none().funding(0, fen, 0, 0)
              .card(panHash, Hex.parse(protection.encryptPan(pan, id)))));
        }
        List<TxRecord> made = store.beginAll(chunk);
        String expected = terminal + "-" + String.format(Locale.ROOT, "%012d", from + 1);
        if (!made.get(0).id().equals(expected)) {
          throw new IllegalStateException("the store is not fresh: " + made.get(0).id() + ", not " + expected);
        }
      }
      long storeBytes = Files.size(storeFile) + Files.size(Paths.get(storeFile + "-wal"));
      System.gc();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          pool.resetPeakUsage();
        }
      }
      SettlementWorker worker = new SettlementWorker(store, client,
          SettlementConfig.defaults().withBatchSize(batchSize), Clock.systemUTC());
      long start = System.nanoTime();
      SettlementWorker.Round round = worker.drain();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (round.outcome() != SettlementWorker.Round.Outcome.DRAINED) {
        throw new IllegalStateException("the upload stopped: " + round.failure());
      }
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      Map<UploadState, Long> counts = store.uploads().uploadCounts();
      long settled = counts.get(UploadState.ACCEPTED) + counts.get(UploadState.DUPLICATE);
      System.out.println(String.format(Locale.ROOT, "%.3f %d %d %d %d", seconds, count, settled, peak, storeBytes));
    }
  }
}
