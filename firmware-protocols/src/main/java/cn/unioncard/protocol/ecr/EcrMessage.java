package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;

/**
 * One message of the ECR message set (docs/ecr-protocol.md §9): the payload of one frame. Every payload is
 * {@code TYPE VERSION FIELDS...}: the message type byte ({@link MessageType}), the version {@code 01}, and
 * tagged fields ({@code TAG LEN(2) VALUE}).
 */
public interface EcrMessage {
  /** The version byte this code writes and reads. */
  int VERSION = 0x01;

  MessageType type();

  /** The payload bytes, at most {@link Frame#MAX_PAYLOAD} for the frame to carry them. */
  byte[] encode();

  /**
   * The REFERENCE (field {@code 01}) of a payload that did not parse, when the header and that field read well,
   * so the refusal can name the request (docs/ecr-protocol.md §9.2); null otherwise.
   */
  static String referenceOf(byte[] payload) {
    try {
      ByteReader r = new ByteReader(payload);
      r.u8("message type");
      r.u8("version");
      return new Fields.Reader(r, "request").reference(FieldTags.REFERENCE, "reference", false);
    } catch (DecodeException e) {
      return null;
    }
  }

  /**
   * Reads one payload.
   *
   * @throws DecodeException naming the field and byte offset when the payload is not a valid message
   */
  static EcrMessage parse(byte[] payload) throws DecodeException {
    ByteReader r = new ByteReader(payload);
    int typeCode = r.u8("message type");
    MessageType type = MessageType.fromCode(typeCode, 0);
    int version = r.u8("version");
    if (version != VERSION) {
      throw new DecodeException("unsupported version " + Hex.byteToHex(version) + " (this terminal reads 01)", 1);
    }
    Fields.Reader f = new Fields.Reader(r, type.name());
    try {
      return read(type, f, payload);
    } catch (IllegalArgumentException e) {
      // Every field is checked while reading; this is a last guard so that parsing fails only one way.
      throw new DecodeException(type + ": " + e.getMessage(), DecodeException.NO_OFFSET);
    }
  }

  private static EcrMessage read(MessageType type, Fields.Reader f, byte[] payload) throws DecodeException {
    switch (type) {
      case SALE:
        return Sale.read(f, payload);
      case REFUND:
        return Refund.read(f, payload);
      case VOID:
        return VoidSale.read(f);
      case BALANCE:
        return BalanceQuery.read(f);
      case SETTLE:
        return Settle.read(f);
      case STATUS:
        return StatusQuery.read(f);
      case CANCEL:
        return new Cancel();
      case PROGRESS:
        return Progress.read(f);
      case RESULT:
        return Result.read(f, payload);
      case PIN_REQUEST:
        return PinRequest.read(f);
      case PIN_RESPONSE:
        return PinResponse.read(f);
      default:
        throw new DecodeException("message type " + type + " not handled", 0);
    }
  }
}
