package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.IsoCommands;

/**
 * The application identifiers of the interconnected-transit scheme: the card's electronic purse and
 * electronic cash applications, and the terminal PSAM's application. Source: shared/vectors/card-captures.md
 * §1 (metrodroid {@code TUnionTransitData.kt}, sinpolib/nfcard, alon0808/ProjectAfcApp {@code CPUCARJTB.c}).
 */
public enum TransitAid {
  /** 交通联合 electronic purse, label {@code MOT_T_EP}: the purse this package drives. */
  MOT_T_EP("A000000632010105"),
  /** 交通联合 electronic cash, label {@code MOT_T_CASH} (qPBOC-like, not driven by this package). */
  MOT_T_CASH("A000000632010106"),
  /** JT/T 978 PSAM application, {@code A000000632} + ASCII "MOT.CPSAM01" (terminal side). */
  MOT_CPSAM("A0000006324D4F542E435053414D3031");

  private final String hex;

  TransitAid(String hex) {
    this.hex = hex;
  }

  /** The AID as upper-case hex. */
  public String hex() {
    return hex;
  }

  /** A copy of the AID bytes. */
  public byte[] bytes() {
    return Hex.of(hex);
  }

  /** SELECT by name of this application ({@code 00 A4 04 00 Lc AID 00}). */
  public CommandApdu select() {
    return IsoCommands.selectByName(bytes());
  }
}
