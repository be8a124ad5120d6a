package cn.unioncard.sim.card;

import java.util.Objects;

/**
 * An application the card carries and how its directories list it: in the PPSE ({@code 2PAY.SYS.DDF01},
 * contactless) and the PSE ({@code 1PAY.SYS.DDF01}, contact), as a directory entry {@code 61} with its label
 * {@code 50} and priority {@code 87} (EMV Book 1 12.2.3, card-captures.md V8). An application listed nowhere is
 * still selectable by its AID.
 */
public record ListedApplication(CardApplication application, String label, int priority, boolean inPpse,
    boolean inPse) {

  public ListedApplication {
    Objects.requireNonNull(application, "application");
    if ((inPpse || inPse) && (label == null || priority < 0 || priority > 15)) {
      throw new IllegalArgumentException("a listed application needs a label and a priority 0..15");
    }
  }

  /** Listed in both directories. */
  public static ListedApplication listed(CardApplication app, String label, int priority) {
    return new ListedApplication(app, label, priority, true, true);
  }

  /** Listed in the PPSE only (a contactless application such as the transit purse). */
  public static ListedApplication contactless(CardApplication app, String label, int priority) {
    return new ListedApplication(app, label, priority, true, false);
  }

  /** Selectable by AID, listed in no directory. */
  public static ListedApplication unlisted(CardApplication app) {
    return new ListedApplication(app, null, 0, false, false);
  }
}
