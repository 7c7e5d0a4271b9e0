/** Registers bench's search attributes on a server that lacks them (an existing cluster, the time-skipping test server). */
import type { Connection, ConnectionLike } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from './search-attributes';

const TYPES = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KeywordList: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

/** Adds the attributes the server lacks (a server started by an older bench lacks the newer ones); returns their names. */
export async function registerSearchAttributes(connection: Connection | ConnectionLike, namespace: string): Promise<string[]> {
  const known = await connection.operatorService
    .listSearchAttributes({ namespace })
    .then((r) => new Set(Object.keys({ ...(r.customAttributes ?? {}), ...(r.systemAttributes ?? {}) })))
    .catch(() => new Set<string>());
  const missing = SEARCH_ATTRIBUTE_DEFINITIONS.filter((sa) => !known.has(sa.name));
  if (missing.length === 0) return [];
  const searchAttributes = Object.fromEntries(missing.map((sa) => [sa.name, TYPES[sa.type]]));
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (e) {
    if (!/already exists/i.test((e as Error).message)) throw e;
  }
  return missing.map((sa) => sa.name);
}
