package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;

/** Hex to APDUs, for readable tests. */
final class CommandApduTestSupport {
  private CommandApduTestSupport() {}

  static CommandApdu cmd(String hex) throws DecodeException {
    return CommandApdu.parse(Hex.of(hex));
  }

  static ResponseApdu rsp(String hex) throws DecodeException {
    return ResponseApdu.parse(Hex.of(hex));
  }
}
