package cn.unioncard.sim.card.transit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.sim.card.CardApplication;

/** Sends a command to an application as bytes on the wire would: encoded, parsed back, answered, parsed. */
public final class Wire {
  private Wire() {}

  public static ResponseApdu send(CardApplication app, CommandApdu command) {
    try {
      ResponseApdu r = app.process(CommandApdu.parse(command.encode()));
      assertNotEquals(0x6F00, r.sw(), "the application failed internally on " + command);
      return ResponseApdu.parse(r.encode());
    } catch (DecodeException e) {
      throw new AssertionError("bytes do not survive the wire: " + e.getMessage(), e);
    }
  }

  public static ResponseApdu select(CardApplication app) {
    try {
      return ResponseApdu.parse(app.select().encode());
    } catch (DecodeException e) {
      throw new AssertionError(e);
    }
  }
}
