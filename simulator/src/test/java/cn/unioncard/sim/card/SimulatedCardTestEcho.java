package cn.unioncard.sim.card;

import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;

/** A test application: answers SELECT with an FCI holding its DF name and every command with 9000. */
final class SimulatedCardTestEcho implements CardApplication {
  private final byte[] aid;

  SimulatedCardTestEcho(String aidHex) {
    this.aid = Hex.of(aidHex);
  }

  @Override
  public byte[] aid() {
    return aid.clone();
  }

  @Override
  public ResponseApdu select() {
    byte[] fci = new byte[aid.length + 4];
    fci[0] = 0x6F;
    fci[1] = (byte) (aid.length + 2);
    fci[2] = (byte) 0x84;
    fci[3] = (byte) aid.length;
    System.arraycopy(aid, 0, fci, 4, aid.length);
    return new ResponseApdu(fci, 0x9000);
  }

  @Override
  public ResponseApdu process(CommandApdu command) {
    return ResponseApdu.of(0x9000);
  }
}
