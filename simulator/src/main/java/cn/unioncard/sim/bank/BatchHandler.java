package cn.unioncard.sim.bank;

import cn.unioncard.bank.BankException;
import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.model.BatchResponse;
import cn.unioncard.bank.model.RecordResult;
import cn.unioncard.bank.model.RecordStatus;
import cn.unioncard.bank.model.TransactionRecord;
import cn.unioncard.bank.signing.SigningString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/records/batches}: a batch of at most 500 records, all in one ledger transaction. A body that is
 * not a batch is {@code 400} (nothing stored); each record is then settled by {@link RecordSettlement}, or
 * rejected with {@code amounts_mismatch} when its funding parts do not sum to its amount.
 */
final class BatchHandler implements ApiHandler {
  private final Ledger ledger;
  private final Clock clock;
  private final RecordSettlement settlement;

  BatchHandler(Ledger ledger, Clock clock, RecordSettlement settlement) {
    this.ledger = ledger;
    this.clock = clock;
    this.settlement = settlement;
  }

  @Override
  public ApiAnswer handle(Call call) throws ApiException {
    Terminal t = call.terminal();
    ObjectNode root = Json.object(call.request().body());
    String batchId = Json.text(root, "batch_id");
    JsonNode records = Json.required(root, "records", "");
    if (!records.isArray() || records.size() == 0 || records.size() > 500) {
      throw ApiException.malformed("records must be an array of 1 to 500 records");
    }
    List<Object> parsed = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      JsonNode n = records.get(i);
      if (!n.isObject()) {
        throw ApiException.malformed("records[" + i + "] must be an object");
      }
      String id = Json.text(n, "transaction_id", "records[" + i + "].");
      if (fundingMismatch(n)) {
        parsed.add(id);
      } else {
        try {
          parsed.add(BankJson.read(Json.bytes(n), TransactionRecord.class, BankException.Kind.MALFORMED_REQUEST,
              "records[" + i + "]"));
        } catch (BankException e) {
          throw ApiException.malformed(e.getMessage());
        }
      }
      byte[] content = Json.canonical(n);
      contents.add(content);
      hashes.add(SigningString.sha256Hex(content));
    }
    String now = clock.instant().toString();
    return ApiAnswer.ok(ledger.transaction(db -> {
      List<IssuedKeys> keys = db.workingKeys().newestFirst(t.id());
      List<RecordResult> results = new ArrayList<>();
      int accepted = 0;
      int duplicates = 0;
      int rejected = 0;
      for (int i = 0; i < parsed.size(); i++) {
        Object p = parsed.get(i);
        if (p instanceof String) {
          results.add(new RecordResult((String) p, RecordStatus.REJECTED, "amounts_mismatch"));
          rejected++;
          continue;
        }
        TransactionRecord rec = (TransactionRecord) p;
        RecordResult res = settlement.settle(db, t, keys, batchId, rec, hashes.get(i), contents.get(i), now);
        results.add(res);
        if (res.status() == RecordStatus.ACCEPTED) {
          accepted++;
        } else if (res.status() == RecordStatus.DUPLICATE) {
          duplicates++;
        } else {
          rejected++;
        }
      }
      db.records().logBatch(t.id(), batchId, now, parsed.size(), accepted, duplicates, rejected);
      return new BatchResponse(results);
    }));
  }

  /** Whether a record's funding parts are all whole numbers that do not sum to its amount. */
  private static boolean fundingMismatch(JsonNode n) {
    JsonNode f = n.get("funding");
    JsonNode amount = n.get("amount_fen");
    if (f == null || !f.isObject() || amount == null || !amount.isIntegralNumber()) {
      return false;
    }
    long sum = 0;
    for (String part : new String[] {"benefit_fen", "debit_fen", "ecash_fen", "purse_fen"}) {
      JsonNode v = f.get(part);
      if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0
          || v.longValue() > 1_000_000_000_000L) {
        return false;
      }
      sum += v.longValue();
    }
    return amount.canConvertToLong() && sum != amount.longValue();
  }
}
