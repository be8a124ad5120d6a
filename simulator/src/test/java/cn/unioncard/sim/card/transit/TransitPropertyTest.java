package cn.unioncard.sim.card.transit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.purse.DebitForPurchase;
import cn.unioncard.protocol.purse.GetTransactionProve;
import cn.unioncard.protocol.purse.InitSamForPurchase;
import cn.unioncard.protocol.purse.InitSamForPurchaseResponse;
import cn.unioncard.protocol.purse.InitializeForPurchase;
import cn.unioncard.protocol.purse.InitializeForPurchaseResponse;
import cn.unioncard.protocol.purse.PublicInfo;
import cn.unioncard.protocol.purse.PurseTransactionType;
import cn.unioncard.protocol.purse.UpdateCappDataCache;
import cn.unioncard.sim.card.CardApplication;
import cn.unioncard.sim.card.psam.PsamApplications;
import cn.unioncard.sim.card.psam.PsamState;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random command sequences (valid purchases, wrong MACs, tears, random and damaged APDUs, to both
 * AIDs): never an exception or internal error, the balance never negative, and balance + the sum of the
 * debits the card confirmed always equals the starting balance.
 */
class TransitPropertyTest {
  static LongStream seeds() {
    return LongStream.range(0, 60).map(i -> 0x7EA5_0000L + i * 7919);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomSessionsKeepTheMoneyRight(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    long start = rnd.nextInt(20_000);
    TransitState s = TransitState.ordinary(start);
    if (rnd.nextBoolean()) {
      s.macFailureLimit = 0;
    }
    List<CardApplication> apps = TransitApplications.of(s, () -> { }, new Random(seed + 1));
    PsamState ps = new PsamState();
    CardApplication psam = PsamApplications.of(ps, () -> { }).get(0);
    psam.select();
    PublicInfo info = s.publicInfo();
    long debited = 0;
    int debits = 0;
    CardApplication app = apps.get(0);
    app.select();
    CommandApdu last = new InitializeForPurchase(InitializeForPurchase.Kind.PURCHASE, 1, 1, "010203040506")
        .toApdu();

    for (int step = 0; step < 150; step++) {
      int action = rnd.nextInt(8);
      if (action <= 2) {
        // A purchase, perhaps with a wrong MAC1, perhaps torn before or after the debit.
        InitializeForPurchase.Kind kind = rnd.nextBoolean()
            ? InitializeForPurchase.Kind.PURCHASE : InitializeForPurchase.Kind.CAPP_PURCHASE;
        long fare = rnd.nextInt((int) Math.min(Integer.MAX_VALUE, s.balanceFen + 50) + 1);
        InitializeForPurchase init = new InitializeForPurchase(kind, 1, fare, ps.terminalNumber);
        ResponseApdu ir = app.process(init.toApdu());
        check(ir);
        if (ir.sw() != 0x9000) {
          assertTrue(ir.sw() == 0x9401 || ir.sw() == 0x9303 || ir.sw() == 0x6A81, Integer.toHexString(ir.sw()));
          continue;
        }
        InitializeForPurchaseResponse r = InitializeForPurchaseResponse.parse(ir);
        LocalDateTime now = LocalDateTime.of(2026, 1 + rnd.nextInt(12), 1 + rnd.nextInt(28), rnd.nextInt(24),
            rnd.nextInt(60), rnd.nextInt(60));
        InitSamForPurchaseResponse mac1 = InitSamForPurchaseResponse.parse(
            psam.process(InitSamForPurchase.of(init, r, now, info, true).toApdu()));
        if (kind == InitializeForPurchase.Kind.CAPP_PURCHASE && rnd.nextBoolean()) {
          check(app.process(UpdateCappDataCache.of(TransitState.emptyBusRecord()).toApdu()));
        }
        if (rnd.nextInt(6) == 0) {
          app.deselect(); // torn before the debit
          app.select();
          continue;
        }
        String mac = rnd.nextInt(5) == 0 ? "0BADBAD0" : mac1.mac1();
        ResponseApdu d = app.process(new DebitForPurchase(mac1.terminalSerial(), now, mac).toApdu());
        check(d);
        if (d.sw() == 0x9000) {
          debited += fare;
          debits++;
        } else {
          assertEquals(0x9302, d.sw());
        }
        if (rnd.nextInt(6) == 0) {
          app.deselect(); // torn after the debit
          app.select();
          ResponseApdu proof = app.process(GetTransactionProve.after(kind, r).toApdu());
          check(proof);
          int expected = s.applicationBlock == TransitState.Block.PERMANENT ? 0x6A81
              : d.sw() == 0x9000 ? 0x9000 : 0x9406;
          assertEquals(expected, proof.sw());
        }
      } else if (action == 3) {
        byte[] raw = new byte[4 + rnd.nextInt(30)];
        rnd.nextBytes(raw);
        if (rnd.nextBoolean()) {
          raw[0] = (byte) new int[] {0x00, 0x80, 0x84}[rnd.nextInt(3)];
          raw[1] = (byte) new int[] {0x5C, 0x50, 0x54, 0xDC, 0x5A, 0xB0, 0xB2, 0x84, 0x1E}[rnd.nextInt(9)];
        }
        try {
          check(app.process(CommandApdu.parse(raw)));
        } catch (DecodeException notAnApdu) {
          // Not a command APDU: a reader would not send it.
        }
      } else if (action == 4) {
        byte[] b = last.encode();
        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        try {
          check(app.process(CommandApdu.parse(b)));
        } catch (DecodeException notAnApdu) {
          // as above
        }
      } else if (action == 5) {
        app.deselect();
        app = apps.get(rnd.nextInt(2));
        check(app.select());
      } else if (action == 6) {
        check(app.process(new GetTransactionProve(rnd.nextBoolean() ? PurseTransactionType.PURCHASE
            : PurseTransactionType.COMPOUND_PURCHASE, rnd.nextInt(5)).toApdu()));
      } else {
        last = new CommandApdu(0x80, 0x5C, 0, 2, 4);
        check(app.process(last));
      }
      assertTrue(s.balanceFen >= 0, "balance negative");
      assertEquals(start, s.balanceFen + debited, "balance + debits");
      assertEquals(debits, s.offlineCounter);
      assertEquals(List.of(), s.problems());
    }
  }

  static void check(ResponseApdu r) {
    assertNotEquals(0x6F00, r.sw(), "internal error");
  }
}
