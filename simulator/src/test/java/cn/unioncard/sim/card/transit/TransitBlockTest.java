package cn.unioncard.sim.card.transit;

import static cn.unioncard.sim.card.transit.Wire.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.IsoCommands;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.purse.ApplicationBlock;
import cn.unioncard.protocol.purse.DesCrypt;
import cn.unioncard.protocol.purse.DesCryptResponse;
import cn.unioncard.protocol.purse.GetBalance;
import cn.unioncard.protocol.purse.InitSamForDesCrypt;
import cn.unioncard.protocol.purse.InitializeForPurchase;
import cn.unioncard.protocol.purse.PublicInfo;
import cn.unioncard.sim.card.CardApplication;
import cn.unioncard.sim.card.psam.PsamApplications;
import cn.unioncard.sim.card.psam.PsamState;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A blocked purse, and the gate blocking a hotlisted card with the PSAM's MAC. */
class TransitBlockTest {
  final AtomicInteger saves = new AtomicInteger();

  CardApplication ep(TransitState s) {
    return TransitApplications.of(s, saves::incrementAndGet, new Random(7)).get(0);
  }

  @Test
  void theBundledBlockedCardRefusesSelectAndPurchases() {
    TransitState s = TransitState.bundled("blocked.json");
    CardApplication ep = ep(s);
    assertEquals(0x6A81, Wire.select(ep).sw());
    assertEquals(0, Wire.select(ep).dataLength());
    assertEquals(0x6A81, send(ep, new GetBalance().toApdu()).sw());
    assertEquals(0x6A81, send(ep, new InitializeForPurchase(InitializeForPurchase.Kind.CAPP_PURCHASE, 1, 1,
        "010203040506").toApdu()).sw());
    assertEquals(5000, s.balanceFen);
  }

  /** GET CHALLENGE, PSAM MAC (INIT_SAM_FOR_DESCRYPT + DES_CRYPT), APPLICATION BLOCK: the gate's way. */
  @Test
  void theGateBlocksAHotlistedCardWithThePsamMac() throws DecodeException {
    TransitState s = TransitState.bundled("ordinary.json");
    CardApplication ep = ep(s);
    CardApplication psam = PsamApplications.of(PsamState.bundled("default.json"), () -> { }).get(0);
    Wire.select(psam);
    PublicInfo card = PublicInfo.fromFci(Wire.select(ep).data());

    ResponseApdu challenge = send(ep, IsoCommands.getChallenge(4));
    assertEquals(0x9000, challenge.sw());
    assertEquals(0x9000, send(psam, InitSamForDesCrypt.forApplicationBlock(card).toApdu()).sw());
    DesCryptResponse mac = DesCryptResponse.parse(
        send(psam, DesCrypt.applicationBlockMac(Hex.encode(challenge.data())).toApdu()));
    int before = saves.get();
    assertEquals(0x9000, send(ep, new ApplicationBlock(mac.mac()).toApdu()).sw());
    assertEquals(before + 1, saves.get());
    assertEquals(TransitState.Block.TEMPORARY, s.applicationBlock);

    // Temporarily blocked: SELECT gives the FCI with 6283, purchases 9303, reads still work.
    ResponseApdu fci = Wire.select(ep);
    assertEquals(0x6283, fci.sw());
    assertEquals(card, PublicInfo.fromFci(fci.data()));
    assertEquals(0x9303, send(ep, new InitializeForPurchase(InitializeForPurchase.Kind.CAPP_PURCHASE, 1, 1,
        "010203040506").toApdu()).sw());
    assertEquals(0x9303, send(ep, new GetBalance().toApdu()).sw());
    assertEquals(0x9000, send(ep, PublicInfo.readCommand()).sw());
    // The state survives a reload.
    assertEquals(TransitState.Block.TEMPORARY, TransitState.fromJson(s.toJson()).applicationBlock);
  }

  @Test
  void applicationBlockNeedsAFreshChallengeAndTheRightMac() throws DecodeException {
    TransitState s = TransitState.bundled("ordinary.json");
    CardApplication ep = ep(s);
    Wire.select(ep);
    assertEquals(0x6984, send(ep, new ApplicationBlock("01020304").toApdu()).sw());
    ResponseApdu challenge = send(ep, IsoCommands.getChallenge(8));
    assertEquals(8, challenge.dataLength());
    assertEquals(0x6988, send(ep, new ApplicationBlock("01020304").toApdu()).sw());
    // The challenge served one command only.
    assertEquals(0x6984, send(ep, new ApplicationBlock("01020304").toApdu()).sw());
    assertEquals(0x6700, send(ep, IsoCommands.getChallenge(5)).sw());
    assertEquals(0x6A86, send(ep, new CommandApdu(0x84, 0x1E, 0, 2, new byte[4])).sw());
    assertEquals(TransitState.Block.NONE, s.applicationBlock);
    assertEquals(0, saves.get());
  }

  @Test
  void permanentBlockWithP2Of01() throws DecodeException {
    TransitState s = TransitState.bundled("ordinary.json");
    CardApplication ep = ep(s);
    Wire.select(ep);
    byte[] rnd = send(ep, IsoCommands.getChallenge(4)).data();
    byte[] iv = java.util.Arrays.copyOf(rnd, 8);
    byte[] mac = cn.unioncard.protocol.crypto.Iso9797Mac.algorithm1(
        cn.unioncard.protocol.crypto.BlockAlgorithm.TDEA,
        TransitTestKeys.cardKey(TransitTestKeys.MAINTENANCE_MASTER_KEY, s.issuerId, s.applicationSerial),
        iv, Hex.of("841E000104"), cn.unioncard.protocol.crypto.MacPadding.METHOD_2, 4);
    assertEquals(0x9000, send(ep, new CommandApdu(0x84, 0x1E, 0, 1, mac)).sw());
    assertEquals(TransitState.Block.PERMANENT, s.applicationBlock);
    assertEquals(0x6A81, Wire.select(ep).sw());
  }
}
