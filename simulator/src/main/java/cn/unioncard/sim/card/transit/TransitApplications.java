package cn.unioncard.sim.card.transit;

import cn.unioncard.protocol.purse.TransitAid;
import cn.unioncard.sim.card.CardApplication;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The transit applications of a card: the electronic purse {@code A000000632010105} (MOT_T_EP) and its
 * electronic-cash twin {@code A000000632010106} (MOT_T_CASH), both over one {@link TransitState}, so they
 * share the balance, the counters and the records.
 */
public final class TransitApplications {
  private TransitApplications() {}

  /**
   * The two applications, purse first.
   *
   * @param state validated state, changed in place by the commands
   * @param changed run after every command that changed {@code state} (the card saves its file then)
   */
  public static List<CardApplication> of(TransitState state, Runnable changed) {
    return of(state, changed, new SecureRandom());
  }

  /** As {@link #of(TransitState, Runnable)}, with the source of the card's random numbers (tests). */
  public static List<CardApplication> of(TransitState state, Runnable changed, RandomGenerator random) {
    state.validate();
    return Collections.unmodifiableList(Arrays.asList(
        new TransitApplication(TransitAid.MOT_T_EP.bytes(), state, changed, random),
        new TransitApplication(TransitAid.MOT_T_CASH.bytes(), state, changed, random)));
  }
}
