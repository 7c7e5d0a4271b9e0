/** What the drivers declare about their measurements and counts: descriptions, and the order they list them in. */
import { findDriver } from '../clients/drivers/catalog';

type Declared = 'measurements' | 'counts';

function declared(driver: string, what: Declared): Record<string, string> {
  const info = findDriver(driver);
  if (what === 'counts') return info?.counts ?? {};
  return Object.fromEntries(Object.entries(info?.measurements ?? {}).map(([k, m]) => [k, m.description]));
}

export function describe(driver: string, what: Declared, name: string): string {
  return declared(driver, what)[name] ?? '';
}

/** The names in the order the drivers declare them (first driver first); undeclared ones after, alphabetically. */
export function inDeclaredOrder(drivers: string[], what: Declared, names: Iterable<string>): string[] {
  const order = [...new Set(drivers)].flatMap((d) => Object.keys(declared(d, what)));
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
