package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded properties of every card and PSAM command and response: round trips and damaged bytes. */
class PurseApduPropertiesTest {

  static List<CommandApdu> cardCommands(Random rnd) {
    List<CommandApdu> l = new ArrayList<>();
    l.add(new GetBalance().toApdu());
    l.add(PurseGen.initializeForPurchase(rnd).toApdu());
    l.add(PurseGen.updateCappDataCache(rnd).toApdu());
    l.add(PurseGen.debitForPurchase(rnd).toApdu());
    l.add(PurseGen.getTransactionProve(rnd).toApdu());
    l.add(new ApplicationBlock(PurseGen.hex(rnd, 4)).toApdu());
    l.add(new ReadBinary(1 + rnd.nextInt(30), PurseGen.u8(rnd), 1 + rnd.nextInt(256)).toApdu());
    l.add(new ReadRecord(1 + rnd.nextInt(30), PurseGen.u8(rnd), rnd.nextBoolean()).toApdu());
    return l;
  }

  static List<CommandApdu> psamCommands(Random rnd) {
    List<CommandApdu> l = new ArrayList<>();
    l.add(rnd.nextBoolean() ? PsamTerminalInfo.readCommand() : PsamApplicationInfo.readCommand());
    l.add(PurseGen.initSamForPurchase(rnd).toApdu());
    l.add(new CreditSamForPurchase(PurseGen.hex(rnd, 4)).toApdu());
    l.add(PurseGen.initSamForDesCrypt(rnd).toApdu());
    l.add(PurseGen.desCrypt(rnd).toApdu());
    return l;
  }

  static List<ResponseApdu> cardResponses(Random rnd) {
    List<ResponseApdu> l = new ArrayList<>();
    l.add(new GetBalanceResponse(PurseGen.uint(rnd, 4)).toApdu());
    l.add(PurseGen.initializeForPurchaseResponse(rnd).toApdu());
    l.add(new DebitForPurchaseResponse(PurseGen.hex(rnd, 4), PurseGen.hex(rnd, 4)).toApdu());
    l.add(new GetTransactionProveResponse(PurseGen.hex(rnd, 4), PurseGen.hex(rnd, 4)).toApdu());
    return l;
  }

  static List<ResponseApdu> psamResponses(Random rnd) {
    List<ResponseApdu> l = new ArrayList<>();
    l.add(new InitSamForPurchaseResponse(PurseGen.uint(rnd, 4), PurseGen.hex(rnd, 4)).toApdu());
    l.add(PurseGen.desCryptResponse(rnd).toApdu());
    return l;
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void everyCommandRoundTripsThroughItsBytes(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    for (CommandApdu c : cardCommands(rnd)) {
      CommandApdu wire = CommandApdu.parse(c.encode());
      assertEquals(1, PurseParsers.cardCommands(wire), "exactly one card parser takes " + c);
    }
    for (CommandApdu c : psamCommands(rnd)) {
      CommandApdu wire = CommandApdu.parse(c.encode());
      assertEquals(1, PurseParsers.psamCommands(wire), "exactly one PSAM parser takes " + c);
    }
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void typedValuesRoundTrip(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    InitializeForPurchase ifp = PurseGen.initializeForPurchase(rnd);
    assertEquals(ifp, InitializeForPurchase.parse(CommandApdu.parse(ifp.toApdu().encode())));
    UpdateCappDataCache u = PurseGen.updateCappDataCache(rnd);
    assertEquals(u, UpdateCappDataCache.parse(CommandApdu.parse(u.toApdu().encode())));
    DebitForPurchase d = PurseGen.debitForPurchase(rnd);
    assertEquals(d, DebitForPurchase.parse(CommandApdu.parse(d.toApdu().encode())));
    GetTransactionProve p = PurseGen.getTransactionProve(rnd);
    assertEquals(p, GetTransactionProve.parse(CommandApdu.parse(p.toApdu().encode())));
    InitSamForPurchase m = PurseGen.initSamForPurchase(rnd);
    assertEquals(m, InitSamForPurchase.parse(CommandApdu.parse(m.toApdu().encode())));
    InitSamForDesCrypt i = PurseGen.initSamForDesCrypt(rnd);
    assertEquals(i, InitSamForDesCrypt.parse(CommandApdu.parse(i.toApdu().encode())));
    DesCrypt c = PurseGen.desCrypt(rnd);
    assertEquals(c, DesCrypt.parse(CommandApdu.parse(c.toApdu().encode())));
    InitializeForPurchaseResponse r = PurseGen.initializeForPurchaseResponse(rnd);
    assertEquals(r, InitializeForPurchaseResponse.parse(ResponseApdu.parse(r.toApdu().encode())));
    DesCryptResponse dr = PurseGen.desCryptResponse(rnd);
    assertEquals(dr, DesCryptResponse.parse(ResponseApdu.parse(dr.toApdu().encode())));
    PsamApplicationInfo a = PurseGen.psamApplicationInfo(rnd);
    assertEquals(a, PsamApplicationInfo.decode(a.encode()));
    PsamTerminalInfo t = new PsamTerminalInfo(PurseGen.digits(rnd, 12));
    assertEquals(t, PsamTerminalInfo.decode(t.encode()));
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void everyResponseRoundTrips(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    for (ResponseApdu r : cardResponses(rnd)) {
      assertTrue(PurseParsers.cardResponses(ResponseApdu.parse(r.encode())) >= 1, r.toString());
    }
    for (ResponseApdu r : psamResponses(rnd)) {
      assertTrue(PurseParsers.psamResponses(ResponseApdu.parse(r.encode())) >= 1, r.toString());
    }
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void damagedCommandsParseOrFailCleanly(long seed) {
    Random rnd = new Random(seed);
    List<CommandApdu> all = cardCommands(rnd);
    all.addAll(psamCommands(rnd));
    for (CommandApdu c : all) {
      byte[] damaged = Seeds.mutate(rnd, c.encode());
      CommandApdu wire;
      try {
        wire = CommandApdu.parse(damaged);
      } catch (DecodeException notAnApdu) {
        continue;
      }
      assertTrue(PurseParsers.cardCommands(wire) <= 1, "card commands are told apart by INS");
      PurseParsers.psamCommands(wire);
    }
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void damagedResponsesAndPsamFilesParseOrFailCleanly(long seed) {
    Random rnd = new Random(seed);
    List<ResponseApdu> all = cardResponses(rnd);
    all.addAll(psamResponses(rnd));
    for (ResponseApdu r : all) {
      byte[] damaged = Seeds.mutate(rnd, r.encode());
      try {
        ResponseApdu wire = ResponseApdu.parse(damaged);
        PurseParsers.cardResponses(wire);
        PurseParsers.psamResponses(wire);
      } catch (DecodeException tooShort) {
        assertTrue(damaged.length < 2);
      }
    }
    PurseParsers.psamFiles(Seeds.mutate(rnd, PurseGen.psamApplicationInfo(rnd).encode()));
    PurseParsers.psamFiles(Seeds.mutate(rnd, new PsamTerminalInfo(PurseGen.digits(rnd, 12)).encode()));
  }
}
