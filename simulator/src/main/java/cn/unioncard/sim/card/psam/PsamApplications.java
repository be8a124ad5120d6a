package cn.unioncard.sim.card.psam;

import cn.unioncard.sim.card.CardApplication;
import java.util.Collections;
import java.util.List;

/** The applications of a simulated transit PSAM: the JT/T 978 PSAM application. */
public final class PsamApplications {
  private PsamApplications() {}

  /**
   * The PSAM's applications.
   *
   * @param state validated state, changed in place (the terminal transaction serial)
   * @param changed run after every command that changed {@code state} (the PSAM's file is saved then)
   */
  public static List<CardApplication> of(PsamState state, Runnable changed) {
    return Collections.singletonList(application(state, changed));
  }

  /** The PSAM application itself. */
  public static PsamApplication application(PsamState state, Runnable changed) {
    state.validate();
    return new PsamApplication(state, changed);
  }
}
