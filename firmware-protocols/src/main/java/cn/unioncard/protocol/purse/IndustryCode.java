package cn.unioncard.protocol.purse;

/**
 * 行业代码, the industry that wrote a trip record (file 001E). Source: shared/vectors/transit-files.md
 * §3.2 (ProjectAfcApp {@code stJTB1E.eTracode}; T-Union_Master).
 */
public enum IndustryCode {
  /** {@code 01} 地铁. */
  METRO(0x01),
  /** {@code 02} 公交. */
  BUS(0x02),
  /** {@code 03} 城市水上客运. */
  URBAN_WATER_TRANSPORT(0x03),
  /** {@code 04} 出租汽车. */
  TAXI(0x04),
  /** {@code 05} 租赁汽车. */
  CAR_RENTAL(0x05),
  /** {@code 06} 公共自行车. */
  PUBLIC_BICYCLE(0x06),
  /** {@code 07} 停车收费. */
  PARKING(0x07),
  /** {@code 08} 长途客运. */
  COACH(0x08),
  /** {@code 09} 轮渡. */
  FERRY(0x09),
  /** {@code 0A} 城际高速铁路. */
  INTERCITY_RAIL(0x0A),
  /** {@code 0B} 民航. */
  CIVIL_AVIATION(0x0B),
  /** {@code 0C} 高速公路收费. */
  EXPRESSWAY_TOLL(0x0C),
  /** {@code 0E} 市郊城铁. */
  SUBURBAN_RAIL(0x0E),
  /** Any other code (reserved); the record keeps the raw byte. */
  OTHER(-1);

  private final int code;

  IndustryCode(int code) {
    this.code = code;
  }

  /** The byte on the card; -1 for {@link #OTHER}. */
  public int code() {
    return code;
  }

  /** The industry of {@code code}, or {@link #OTHER}. */
  public static IndustryCode of(int code) {
    for (IndustryCode t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return OTHER;
  }
}
