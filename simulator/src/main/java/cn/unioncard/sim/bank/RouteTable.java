package cn.unioncard.sim.bank;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bank API's routes: a method and a path pattern to each resource's handler; the pattern's groups are the
 * call's parameters. A request no route matches, by path or by method, is {@code 404 not_found}.
 */
final class RouteTable {
  private record Route(String method, Pattern path, ApiHandler handler) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a route; {@code pathPattern} must match the whole raw path. */
  RouteTable add(String method, String pathPattern, ApiHandler handler) {
    routes.add(new Route(method, Pattern.compile(pathPattern), handler));
    return this;
  }

  /** Hands an authenticated request to its route's handler. */
  ApiAnswer dispatch(ApiRequest r, Terminal t) throws ApiException {
    for (Route route : routes) {
      if (!route.method().equals(r.method())) {
        continue;
      }
      Matcher m = route.path().matcher(r.path());
      if (m.matches()) {
        List<String> params = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
          params.add(m.group(i));
        }
        return route.handler().handle(new Call(r, t, params));
      }
    }
    throw ApiException.notFound("no such call: " + r.method() + " " + r.path());
  }
}
