package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

import java.util.Arrays;

/**
 * PIN RESPONSE (docs/ecr-protocol.md §10), PIN pad to terminal: the PIN block encrypted under the PIN key
 * (ISO 9564 format 0; the clear PIN never leaves the PIN pad), or CANCELLED, or TIMEOUT.
 *
 * @param pinBlock the encrypted block (8 bytes for TDEA, 16 for SM4) when {@code status} is ENTERED, else null
 */
public record PinResponse(PinStatus status, byte[] pinBlock) implements EcrMessage {
  public PinResponse {
    if (status == null) {
      throw new IllegalArgumentException("PIN status missing");
    }
    if ((status == PinStatus.ENTERED) != (pinBlock != null)) {
      throw new IllegalArgumentException("a PIN block comes with ENTERED and only then");
    }
    if (pinBlock != null && pinBlock.length != 8 && pinBlock.length != 16) {
      throw new IllegalArgumentException("a PIN block is 8 or 16 bytes");
    }
    pinBlock = pinBlock == null ? null : pinBlock.clone();
  }

  public static PinResponse entered(byte[] encryptedBlock) {
    return new PinResponse(PinStatus.ENTERED, encryptedBlock);
  }

  @Override
  public byte[] pinBlock() {
    return pinBlock == null ? null : pinBlock.clone();
  }

  @Override
  public MessageType type() {
    return MessageType.PIN_RESPONSE;
  }

  @Override
  public byte[] encode() {
    Fields.Writer w = new Fields.Writer().code(PIN_STATUS, status.code());
    if (pinBlock != null) {
      w.raw(PIN_BLOCK, pinBlock);
    }
    return Fields.message(type(), w);
  }

  static PinResponse read(Fields.Reader f) throws DecodeException {
    PinStatus status = PinStatus.fromCode(f.code(PIN_STATUS, "PIN status", true), f.offsetOf(PIN_STATUS));
    byte[] block = f.bytes(PIN_BLOCK, "PIN block", status == PinStatus.ENTERED);
    if (status != PinStatus.ENTERED && block != null) {
      throw new DecodeException("PIN_RESPONSE: a PIN block with status " + status, f.offsetOf(PIN_BLOCK));
    }
    if (block != null && block.length != 8 && block.length != 16) {
      throw new DecodeException("PIN_RESPONSE: PIN block must be 8 or 16 bytes, is " + block.length, f.offsetOf(PIN_BLOCK));
    }
    return new PinResponse(status, block);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PinResponse && ((PinResponse) o).status == status && Arrays.equals(((PinResponse) o).pinBlock, pinBlock);
  }

  @Override
  public int hashCode() {
    return status.hashCode() * 31 + Arrays.hashCode(pinBlock);
  }

  /** The status and the block's size only. */
  @Override
  public String toString() {
    return "PinResponse[" + status + (pinBlock == null ? "" : ", block of " + pinBlock.length + " bytes") + "]";
  }
}
