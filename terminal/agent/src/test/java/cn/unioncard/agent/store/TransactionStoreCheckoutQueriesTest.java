package cn.unioncard.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queries the checkout added: refunds of a sale, a card's approved sales, the last sale, what waits for upload. */
class TransactionStoreCheckoutQueriesTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);
  static final LocalDate DAY = LocalDate.of(2026, 11, 23);

  @TempDir Path dir;

  @Test
  void theCheckoutsQueriesAnswerFromTheRows() throws Exception {
    try (TransactionStore s = TransactionStore.open(dir.resolve("store.db"), "T0000001", CLOCK)) {
      assertEquals(new UploadQueue.Pending(0, 0, 0, 0, 0, null), s.uploads().pending());
      assertTrue(s.last(TxType.SALE).isEmpty());

      TxRecord old = s.begin(NewTx.of(TxType.SALE, LocalDate.of(2026, 10, 31)).card("CARD", null).amount(500));
      s.move(old.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().funding(0, 500, 0, 0));
      TxRecord sale = s.begin(NewTx.of(TxType.SALE, DAY).registerRef("R1").card("CARD", null).amount(900));
      s.move(sale.id(), TxState.STARTED, TxState.AWAITING_BANK, null);
      s.move(sale.id(), TxState.AWAITING_BANK, TxState.APPROVED, TxChange.none().funding(600, 300, 0, 0));
      TxRecord declined = s.begin(NewTx.of(TxType.SALE, DAY).card("CARD", null));
      s.move(declined.id(), TxState.STARTED, TxState.DECLINED, null);
      TxRecord other = s.begin(NewTx.of(TxType.SALE, DAY).card("OTHER", null));
      s.move(other.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().funding(0, 0, 70, 0));
      TxRecord refund = s.begin(NewTx.of(TxType.REFUND, DAY).original(sale.id()));
      s.move(refund.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().funding(100, 0, 0, 0));

      assertEquals(List.of(refund.id()), s.byOriginal(sale.id()).stream().map(TxRecord::id).collect(Collectors.toList()));
      assertEquals(List.of(sale.id()), s.approvedSalesOfCard("CARD", LocalDate.of(2026, 11, 1)).stream()
          .map(TxRecord::id).collect(Collectors.toList()), "approved sales of the card from the 1st on");
      assertEquals(other.id(), s.last(TxType.SALE).orElseThrow().id());
      UploadQueue.Pending p = s.uploads().pending();
      assertEquals(4, p.count());
      assertEquals(500 + 900 + 70 + 100, p.amountFen());
      assertEquals(600 + 100, p.benefitFen());
      assertEquals(800, p.debitFen());
      assertEquals(70, p.ecashFen());
      assertEquals(CLOCK.instant(), p.oldest());

      s.uploads().recordUploads(List.of(new UploadQueue.UploadResult(old.id(), UploadState.ACCEPTED, null),
          new UploadQueue.UploadResult(sale.id(), UploadState.ACCEPTED, null),
          new UploadQueue.UploadResult(other.id(), UploadState.ACCEPTED, null),
          new UploadQueue.UploadResult(refund.id(), UploadState.ACCEPTED, null)));
      assertEquals(0, s.uploads().pending().count());
      assertNull(s.uploads().pending().oldest());
    }
  }
}
