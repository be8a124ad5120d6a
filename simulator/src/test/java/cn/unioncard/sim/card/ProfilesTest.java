package cn.unioncard.sim.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.protocol.member.MemberCategory;
import cn.unioncard.sim.testing.Apdus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProfilesTest {
  @TempDir Path dir;

  static java.util.List<String> names() {
    return Profiles.NAMES;
  }

  /** Every bundled profile loads and a copy of it runs as a card (the agent's CardSessionOnSimulatedCardsTest reads each). */
  @ParameterizedTest
  @MethodSource("names")
  void everyProfileLoadsAndReads(String name) throws Exception {
    CardProfile p = Profiles.load(name);
    assertEquals(name, p.name());
    assertFalse(p.description().isEmpty());
    Path file = dir.resolve(name + ".json");
    FieldCard card = Profiles.card(name, file);
    assertTrue(Files.exists(file));
    if (p.debit() != null) {
      assertTrue(p.debit().pan().startsWith("621"), "UnionPay test PAN");
      assertTrue(Pan.luhnValid(p.debit().pan()));
    }
  }

  @Test
  void theCategoriesAreWhereTheNamesSay() throws Exception {
    assertEquals(MemberCategory.ORDINARY, Profiles.load("ordinary-member").member().category());
    assertEquals(MemberCategory.MODEL_WORKER, Profiles.load("model-worker").member().category());
    assertEquals(MemberCategory.MIGRANT_WORKER, Profiles.load("migrant-worker").member().category());
    assertEquals(MemberCategory.IN_HARDSHIP, Profiles.load("in-hardship").member().category());
    assertNull(Profiles.load("non-member-unionpay").member());
    assertNull(Profiles.load("foreign-visa").debit());
    assertTrue(Profiles.load("hotlisted").hotlisted());
    assertFalse(Profiles.load("ordinary-member").hotlisted());
    assertEquals(150L, Profiles.load("low-ecash").debit().ecBalanceFen());
    assertEquals(32, Profiles.load("chaining-61xx").behaviour().chunkSize());
  }

  @Test
  void aStateFileIsUsedAsItIsOnTheNextRun() throws Exception {
    Path file = dir.resolve("card.json");
    FieldCard first = Profiles.card("model-worker", file);
    Apdus.ok(first, Apdus.SELECT_DEBIT);
    Apdus.ok(first, Apdus.gpo(Apdus.TTQ_QPBOC, 2000, Apdus.DATE));
    FieldCard second = Profiles.card("model-worker", file);
    Apdus.ok(second, Apdus.SELECT_DEBIT);
    assertEquals(78000L, cn.unioncard.protocol.emv.EmvValues.amount(
        DebitApplicationTest.getData((SimulatedCard) second, cn.unioncard.protocol.emv.EmvTags.EC_BALANCE)));
  }

  @Test
  void anUnknownNameIsRefused() {
    ProfileException e = assertThrows(ProfileException.class, () -> Profiles.load("gold-card"));
    assertTrue(e.getMessage().contains("gold-card"), e.getMessage());
  }
}
