package cn.unioncard.sim.bank;

import java.util.List;

/** An authenticated request on its route: the request, the terminal that signed it and the path's parameters. */
record Call(ApiRequest request, Terminal terminal, List<String> params) {
  /** The path's {@code n}th parameter, from 1 (the route's pattern groups). */
  String param(int n) {
    return params.get(n - 1);
  }
}
