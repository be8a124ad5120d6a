/**
 * The interconnected-transit (交通联合, JT/T 978) electronic purse at terminal level, and the terminal's
 * PSAM, as pure codecs: one type per command, response and file, each decodable from bytes and encodable
 * back to bytes. No I/O and no flow logic (the gate flow lives in the agent).
 *
 * <p>The standard's own text was not available; layouts and command bytes come from public terminal
 * implementations and real-card captures collected in {@code shared/vectors/transit-files.md} (mainly
 * alon0808/ProjectAfcApp, a JT/T 978 bus validator, and T-Union_Master captures) and from the PBOC
 * electronic-purse commands they use. Each type names its source in a one-line comment.
 *
 * <p>Conventions shared by every type here:
 *
 * <ul>
 *   <li>Money is {@code long} fen (分); 2-, 3- and 4-byte amounts are unsigned big-endian binary.
 *   <li>Card, terminal and serial numbers stored as BCD are digit strings (leading zeros kept); a nibble
 *       over 9 is a {@link cn.unioncard.protocol.DecodeException}. Identifiers that are not decimal (issuer
 *       ids such as {@code 01011000FFFFFFFF}, city codes, MACs, TACs, pseudo-random numbers) are upper-case
 *       hex strings of their exact byte length.
 *   <li>Dates are 4-byte BCD {@code YYYYMMDD} ({@link java.time.LocalDate}), date-times 7-byte BCD
 *       {@code YYYYMMDDhhmmss} ({@link java.time.LocalDateTime}). <b>Unset</b>: all {@code 00} or all
 *       {@code FF} bytes decode to {@code null}, and {@code null} encodes as all {@code 00} (so an
 *       {@code FF}-filled date re-encodes as zeros; the decoded value is the same). Invalid BCD or an
 *       impossible date (month 13, 30 February, hour 24) is a DecodeException naming the field's offset.
 *   <li>Text fields (names, id numbers, vehicle numbers) are fixed-length, padded on the right with
 *       {@code 00}, {@code 20} or {@code FF}, which decoding trims and encoding writes as {@code 00}. Text
 *       that does not decode strictly (malformed GBK, non-ASCII in an ASCII field) is a DecodeException.
 *   <li>Command parsers ({@code parse(CommandApdu)}) check CLA, INS, P1, P2 and Lc and fail with the
 *       offset of the first wrong byte in the short encoding (CLA 0, INS 1, P1 2, P2 3, Lc 4, data from 5).
 *       Le is optional on the wire (contactless terminals often leave it out, PSAM drivers send
 *       {@code 00}): a parser accepts no Le, Le {@code 00}, or Le equal to the length of the expected
 *       response data, and refuses any other Le.
 *   <li>Response parsers ({@code parse(ResponseApdu)}) accept only status {@code 9000}; check
 *       {@link cn.unioncard.protocol.purse.PurseStatus#of} first to tell the refusals apart.
 * </ul>
 */
package cn.unioncard.protocol.purse;
