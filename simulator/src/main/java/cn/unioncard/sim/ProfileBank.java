package cn.unioncard.sim;

import cn.unioncard.protocol.member.MemberData;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.bank.CardSeed;
import cn.unioncard.sim.card.CardProfile;
import cn.unioncard.sim.card.DebitState;
import cn.unioncard.sim.card.ProfileException;
import cn.unioncard.sim.card.Profiles;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Seeds the bank simulator with the cards of the bundled profiles, so the bank knows every simulated card: its PAN
 * and PSN (to check cryptograms), its member data, test balances and PIN, and whether it is blocked or hotlisted.
 */
public final class ProfileBank {
  /** The test PIN of every bundled card. */
  public static final String PIN = "123456";
  /** The debit account's opening balance: 5,000.00 yuan. */
  public static final long DEBIT_FEN = 500_000;
  /** A member's benefit account's opening balance: 500.00 yuan. */
  public static final long BENEFIT_FEN = 50_000;

  private ProfileBank() {}

  /** Adds every bundled profile's debit card; returns how many. */
  public static int seed(BankSimulator bank) throws ProfileException {
    int n = 0;
    for (String name : Profiles.NAMES) {
      CardProfile p = Profiles.load(name);
      DebitState d = p.debit();
      if (d == null) {
        continue;
      }
      MemberData m = p.member();
      CardSeed.MemberSeed member = m == null
          ? null
          : new CardSeed.MemberSeed("M" + m.memberNumber(), m.unionName(),
              m.category().name().toLowerCase(Locale.ROOT), "2030-12-31");
      bank.addCard(new CardSeed(d.pan(), d.psn(), d.expiryDate().format(DateTimeFormatter.ofPattern("yyMMdd")), PIN,
          member, DEBIT_FEN, m == null ? null : BENEFIT_FEN, d.blocked() || p.hotlisted()));
      n++;
    }
    return n;
  }
}
