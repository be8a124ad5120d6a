package cn.unioncard.agent.checkout;

/**
 * A line of the register's basket: the item's code and category, how many, the unit price and the line's amount
 * (normally quantity × unit price; the register's figure is the one charged).
 */
public record BasketItem(String code, String name, String category, int quantity, long unitPriceFen, long lineFen) {
  public BasketItem {
    if (quantity <= 0) {
      throw new IllegalArgumentException("a basket line has a quantity of 1 or more");
    }
    if (unitPriceFen < 0 || lineFen < 0) {
      throw new IllegalArgumentException("a basket line's prices are not negative");
    }
  }

  /** One unit at this price. */
  public static BasketItem of(String code, String name, String category, long priceFen) {
    return new BasketItem(code, name, category, 1, priceFen, priceFen);
  }
}
