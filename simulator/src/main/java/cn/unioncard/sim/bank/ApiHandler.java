package cn.unioncard.sim.bank;


/** Answers one resource of the bank API (an entry of the {@link RouteTable}). */
interface ApiHandler {
  ApiAnswer handle(Call call) throws ApiException;
}
