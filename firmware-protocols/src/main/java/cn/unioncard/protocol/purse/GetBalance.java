package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;

/**
 * GET BALANCE of the electronic purse: {@code 80 5C 00 02 04} (P2 {@code 02} = EP). PBOC e-purse command;
 * bytes from shared/vectors/transit-files.md §3.1 (T-Union_Master {@code docs/card_data_format.md}) and
 * §3.4 step 1. The answer is a {@link GetBalanceResponse}.
 */
public record GetBalance() {
  static final String NAME = "GET BALANCE";
  /** P2: the electronic purse (EP). */
  public static final int P2_PURSE = 0x02;

  public CommandApdu toApdu() {
    return new CommandApdu(0x80, 0x5C, 0x00, P2_PURSE, GetBalanceResponse.LENGTH);
  }

  public static GetBalance parse(CommandApdu c) throws DecodeException {
    PurseCodec.command(c, 0x80, 0x5C, 0x00, P2_PURSE, 0, NAME);
    PurseCodec.ne(c, GetBalanceResponse.LENGTH, NAME);
    return new GetBalance();
  }
}
