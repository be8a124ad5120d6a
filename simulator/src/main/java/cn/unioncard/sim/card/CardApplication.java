package cn.unioncard.sim.card;

import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;

/**
 * One application on a simulated card (the debit application, the transit purse, the PSAM application): the
 * card selects it by AID and then hands it every command until another SELECT.
 *
 * <p>An application never throws for a command it does not like: it answers with the status word a real card
 * gives ({@code 6D00} unknown instruction, {@code 6E00} unknown class, {@code 6700} wrong length,
 * {@code 6A86} wrong P1-P2, ...). Its persistent state (balances, counters, records) lives in a state object
 * the card saves after every command that changes it; session state (a pending purchase) does not survive the
 * card leaving the field.
 */
public interface CardApplication {

  /** The application identifier it is selected by. */
  byte[] aid();

  /** Answers SELECT by its AID: the FCI with {@code 9000}, or a real card's refusal (for example {@code 6A81}). */
  ResponseApdu select();

  /** Answers one command sent while it is selected. */
  ResponseApdu process(CommandApdu command);

  /** The card left the field or another application was selected: forget session state. */
  default void deselect() {}
}
