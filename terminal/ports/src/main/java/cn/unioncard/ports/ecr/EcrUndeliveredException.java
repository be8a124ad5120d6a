package cn.unioncard.ports.ecr;

import java.io.IOException;

/** A frame was not acknowledged after all its resends (docs/ecr-protocol.md §7): the link gave it up. */
public final class EcrUndeliveredException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int transmissions;
  private final int naks;

  public EcrUndeliveredException(String message, int transmissions, int naks) {
    super(message);
    this.transmissions = transmissions;
    this.naks = naks;
  }

  /** How many times the frame was sent (1 + resends). */
  public int transmissions() {
    return transmissions;
  }

  /** How many of them were answered with NAK (the rest got no answer in time). */
  public int naks() {
    return naks;
  }
}
