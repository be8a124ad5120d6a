package cn.unioncard.sim.ecr;

/** The faults a simulated ECR device can put on its own side of the line (docs/simulator.md). */
public interface LineFaults {
  /** Sends {@code bytes} of random noise (never STX, ACK or NAK) before the device's next frame. */
  void lineNoise(int bytes);

  /** The device's next ACK is lost: the terminal resends that frame, which must not be handled twice. */
  void dropNextAck();

  /** The device's next frame stops halfway: the terminal gives it up after its inter-byte timeout. */
  void cutNextFrame();

  /** The device answers the terminal's next {@code naks} frames (resends included) with NAK and drops them. */
  void nakStorm(int naks);
}
