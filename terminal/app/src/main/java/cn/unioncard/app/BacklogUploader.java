package cn.unioncard.app;

import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankClientConfig;
import cn.unioncard.bank.SignOn;
import cn.unioncard.bank.keys.PanProtection;
import cn.unioncard.bank.model.BatchRequest;
import cn.unioncard.bank.model.BatchResponse;
import cn.unioncard.bank.model.Funding;
import cn.unioncard.bank.model.RecordStatus;
import cn.unioncard.bank.model.RecordType;
import cn.unioncard.bank.model.TransactionRecord;
import cn.unioncard.bank.signing.SignatureAlgorithm;
import cn.unioncard.bank.signing.Signer;
import cn.unioncard.bank.signing.Verifier;
import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.sim.bank.TestKeys;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The client side of the {@code backlog-upload} benchmark, run in a JVM of its own with a 64 MB heap so its peak
 * heap is the client's alone: signs on, makes {@code count} sale records one batch at a time (as a settlement worker
 * reads them from its store) and uploads them in batches. Prints one line: {@code seconds records accepted
 * peak_heap_bytes}.
 *
 * <p>Arguments: base URL, CA PEM file, terminal id, PAN, record count, batch size.
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
    try (BankClient client = new BankClient(BankClientConfig.builder()
        .baseUrl(baseUrl)
        .terminalId(terminal)
        .trustedCertificatesPem(caPem)
        .signer(Signer.sm2(TestKeys.terminalSigningKey(terminal), new SecureRandom()))
        .responseVerifier(Verifier.of(SignatureAlgorithm.SM2_SM3, TestKeys.responsePublicKey()))
        .referenceVerifier(Verifier.of(SignatureAlgorithm.SM2_SM3, TestKeys.referencePublicKey()))
        .readTimeout(Duration.ofSeconds(60))
        .callTimeout(Duration.ofSeconds(120))
        .build())) {
      SignOn signOn = client.signOn(TestKeys.terminalMasterKey(terminal));
      PanProtection protection = signOn.keys().panProtection();
      String panHash = protection.panHash(pan);
      LocalDate day = LocalDate.of(2026, 11, 16);
      Instant at = Instant.parse("2026-11-16T04:00:00.000Z");
      long accepted = 0;
      long start = System.nanoTime();
      for (int from = 0; from < count; from += batchSize) {
        List<TransactionRecord> batch = new ArrayList<>(batchSize);
        for (int i = from; i < Math.min(count, from + batchSize); i++) {
          String id = terminal + "-" + String.format(Locale.ROOT, "%012d", i + 1);
          long fen = 100 + i % 900;
          batch.add(new TransactionRecord(id, RecordType.SALE, day, at, panHash, protection.encryptPan(pan, id), fen,
              new Funding(0, fen, 0, 0), Collections.emptyList(), null, null, null, null, null));
        }
        BatchResponse r = client.uploadBatch(new BatchRequest("B" + from, batch));
        for (var result : r.results()) {
          if (result.status() == RecordStatus.ACCEPTED || result.status() == RecordStatus.DUPLICATE) {
            accepted++;
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.println(String.format(Locale.ROOT, "%.3f %d %d %d", seconds, count, accepted, peak));
    }
  }
}
