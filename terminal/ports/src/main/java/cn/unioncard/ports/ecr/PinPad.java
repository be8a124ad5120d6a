package cn.unioncard.ports.ecr;

import cn.unioncard.protocol.ecr.PinKeyAlgorithm;
import cn.unioncard.protocol.ecr.PinResponse;
import java.io.IOException;

/**
 * Where the checkout gets the member's online PIN (docs/ecr-protocol.md §10): a PIN pad on its own line ({@code
 * PinPadLink}) or the one built into the register ({@code EcrLink.pinPad()}). Either way the terminal sends only
 * the 12 PAN digits of the format-0 PAN field and gets back only the encrypted PIN block.
 */
public interface PinPad {
  /**
   * Asks the member for the PIN.
   *
   * @param pan the card's PAN: only its 12 format-0 digits leave the terminal
   * @param amount the amount shown to the member, fen
   * @return ENTERED with the encrypted block, CANCELLED or TIMEOUT
   * @throws IOException the request could not be delivered, or no answer came within the PIN timeout plus the
   *     answer timeout
   */
  PinResponse requestPin(String pan, long amount, PinKeyAlgorithm algorithm, int timeoutSeconds) throws IOException;
}
