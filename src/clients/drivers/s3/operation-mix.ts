/** The S3 operations a run mixes, picked per request by weight. */
export const OPERATIONS = ['get', 'put', 'delete', 'list', 'stat'] as const;
export type Operation = (typeof OPERATIONS)[number];

export type Mix = Record<Operation, number>;

/** A picker drawing an operation with probability weight / total. */
export function mixPicker(mix: Mix): () => Operation {
  const ops = OPERATIONS.filter((op) => mix[op] > 0);
  const cumulative: number[] = [];
  let total = 0;
  for (const op of ops) cumulative.push((total += mix[op]));
  if (ops.length === 1) return () => ops[0];
  return () => {
    const r = Math.random() * total;
    let i = 0;
    while (cumulative[i] <= r) i++;
    return ops[i];
  };
}
