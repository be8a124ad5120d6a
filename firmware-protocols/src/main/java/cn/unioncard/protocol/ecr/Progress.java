package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

/**
 * PROGRESS (docs/ecr-protocol.md §9.4): the request with {@code reference} is still running, at {@code
 * stage}. Each PROGRESS restarts the register's answer timeout.
 *
 * @param reference the request's reference, or null
 * @param displayText a line for the register's display (UTF-8), or null
 */
public record Progress(String reference, Stage stage, String displayText) implements EcrMessage {
  public Progress {
    Fields.checkReference("reference", reference, true);
    if (stage == null) {
      throw new IllegalArgumentException("stage missing");
    }
  }

  @Override
  public MessageType type() {
    return MessageType.PROGRESS;
  }

  @Override
  public byte[] encode() {
    return Fields.message(type(), new Fields.Writer()
        .text(REFERENCE, reference)
        .code(STAGE, stage.code())
        .text(DISPLAY_TEXT, displayText));
  }

  static Progress read(Fields.Reader f) throws DecodeException {
    return new Progress(
        f.reference(REFERENCE, "reference", false),
        Stage.fromCode(f.code(STAGE, "stage", true), f.offsetOf(STAGE)),
        f.text(DISPLAY_TEXT, "display text", false));
  }
}
