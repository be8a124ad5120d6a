package cn.unioncard.agent.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.store.NewTx;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.model.RecordType;
import cn.unioncard.bank.model.TransactionRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stored row as the bank's upload record. */
class RecordsTest {
  static final String HASH = "AB".repeat(32);
  static final byte[] ENCRYPTED = new byte[40];
  static final LocalDate DAY = LocalDate.of(2026, 11, 23);

  @TempDir Path dir;

  TxRecord approved(TxType type, TxChange change, String original) throws Exception {
    try (TransactionStore s = TransactionStore.open(dir.resolve("s.db"), "T0000001",
        Clock.fixed(Instant.parse("2026-11-23T02:00:00.123Z"), ZoneOffset.UTC))) {
      if (original == null && type != TxType.SALE && type != TxType.TRIP) {
        original = s.begin(NewTx.of(TxType.SALE, DAY)).id();
      }
      NewTx n = NewTx.of(type, DAY).card(HASH, ENCRYPTED).with(change).startIn(TxState.APPROVED);
      if (original != null) {
        n.original(original);
      }
      return s.begin(n);
    }
  }

  @Test
  void aSaleCarriesItsFundingDiscountsAndAuthCodeAndTheSameRowMakesTheSameBytes() throws Exception {
    TxRecord row = approved(TxType.SALE, TxChange.none().funding(2000, 1450, 0, 0).discountFunding(300, 200, 0)
        .authCode("A12345").detail("{\"discounts\":[{\"rule\":\"R1\",\"fen\":300,\"merchant_fen\":300,"
            + "\"bank_fen\":0},{\"rule\":\"R2\",\"fen\":200,\"merchant_fen\":0,\"bank_fen\":200}]}"), null);
    TransactionRecord r = Records.of(row);
    assertEquals(RecordType.SALE, r.type());
    assertEquals(3450, r.amountFen());
    assertEquals(2000, r.funding().benefitFen());
    assertEquals(2, r.discounts().size());
    assertEquals("A12345", r.authCode());
    assertEquals(Instant.parse("2026-11-23T02:00:00.123Z"), r.time());
    assertEquals(HASH, r.panHash());
    assertTrue(Arrays.equals(BankJson.write(r), BankJson.write(Records.of(row))), "stable bytes: duplicate, not conflict");
  }

  @Test
  void discountLinesThatDoNotMatchTheRowBecomeOneLineOfTheRowsParts() throws Exception {
    TxRecord row = approved(TxType.SALE, TxChange.none().funding(0, 900, 0, 0).discountFunding(70, 30, 0)
        .detail("{\"discounts\":[{\"rule\":\"R1\",\"fen\":1,\"merchant_fen\":1,\"bank_fen\":0}]}"), null);
    TransactionRecord r = Records.of(row);
    assertEquals(1, r.discounts().size());
    assertEquals(70, r.discounts().get(0).merchantFen());
    assertEquals(30, r.discounts().get(0).bankFen());
  }

  @Test
  void aTripCarriesItsSubsidyAndItsProof() throws Exception {
    TxRecord row = approved(TxType.TRIP, TxChange.none().funding(0, 0, 0, 100).discountFunding(0, 0, 100)
        // as the gate writes it (Gate: the trip's detail); the card is the row's card reference, the transit serial
        .detail("{\"operator\":\"BUS01\",\"line\":\"0007\",\"station\":\"0000\",\"direction\":\"EXIT\","
            + "\"ep_counter\":12,\"psam_terminal\":\"000000000001\",\"psam_serial\":34,\"tac\":\"A1B2C3D4\"}"), null);
    TransactionRecord r = Records.of(row);
    assertEquals(100L, r.unionSubsidyFen());
    assertEquals(12L, r.trip().cardCounter());
    assertEquals(34L, r.trip().psamCounter());
    assertEquals("000000000001", r.trip().psamSerial());
    assertEquals(HASH, r.trip().cardSerial());
    assertEquals(null, r.panHash(), "a trip carries its card serial, not a PAN");
    assertEquals(false, r.trip().entry());
    assertEquals("A1B2C3D4", r.trip().tac());
  }

  @Test
  void aRowThatCannotBeARecordSaysWhy() throws Exception {
    TxRecord trip = approved(TxType.TRIP, TxChange.none().funding(0, 0, 0, 100).detail("{\"line\":\"7\"}"), null);
    assertEquals("detail.operator is missing", assertThrows(Records.NotUploadable.class, () -> Records.of(trip))
        .getMessage());
    TxRecord badHash = approved(TxType.SALE, TxChange.none().funding(0, 1, 0, 0).card("3105", ENCRYPTED), null);
    assertTrue(assertThrows(Records.NotUploadable.class, () -> Records.of(badHash)).getMessage()
        .contains("pan_hash"));
    TxRecord notJson = approved(TxType.SALE, TxChange.none().funding(0, 1, 0, 0).detail("{"), null);
    assertTrue(assertThrows(Records.NotUploadable.class, () -> Records.of(notJson)).getMessage()
        .startsWith("detail: not JSON"));
    TxRecord refund = approved(TxType.REFUND, TxChange.none().funding(0, 1, 0, 0), null);
    assertEquals(RecordType.REFUND, Records.of(refund).type());
  }
}
