import { experimentNamespace, fileKey, labelSelector, labelValue, launchHash, objectName, portName } from '../../../src/backends/kubernetes/names';

const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

describe('kubernetes names', () => {
  it('names objects deterministically, readable, DNS-1035 and at most 52 characters', () => {
    const a = objectName('exp-1', 'service.redis.0');
    expect(a).toBe(objectName('exp-1', 'service.redis.0'));
    expect(a).toMatch(/^service-redis-0-[0-9a-f]{10}$/);
    expect(objectName('exp-2', 'service.redis.0')).not.toBe(a);
    for (const id of ['0.starts.with.digit', 'UPPER_case & spaces', 'x'.repeat(200), '...', 'client.group-{rank}']) {
      const n = objectName('e', id);
      expect(n).toMatch(DNS_1035);
      expect(n.length).toBeLessThanOrEqual(52);
    }
    expect(objectName('e', '...')).toMatch(/^bench-[0-9a-f]{10}$/);
  });

  it('derives the launch label from experiment and id', () => {
    expect(launchHash('e', 'a')).toMatch(/^[0-9a-f]{10}$/);
    expect(launchHash('e', 'a')).not.toBe(launchHash('f', 'a'));
  });

  it('gives experiments a namespace bench-<id>, hashed when it would not fit', () => {
    expect(experimentNamespace('exp-1')).toBe('bench-exp-1');
    const long = experimentNamespace('Exp_' + 'y'.repeat(80));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(DNS_1035);
    expect(long).not.toBe(experimentNamespace('Exp_' + 'y'.repeat(81)));
  });

  it('keeps valid label values and makes others valid and distinct', () => {
    expect(labelValue('redis')).toBe('redis');
    expect(labelValue('My.Service_1')).toBe('My.Service_1');
    for (const v of ['a b', '-lead', 'trail-', 'ü', 'z'.repeat(64), '{rank}']) {
      expect(labelValue(v)).toMatch(LABEL_VALUE);
      expect(labelValue(v).length).toBeLessThanOrEqual(63);
    }
    expect(labelValue('a b')).not.toBe(labelValue('a/b'));
  });

  it('selects by the given labels and always created-by=bench', () => {
    expect(labelSelector({})).toBe('bench.dev/created-by=bench');
    expect(labelSelector({ experiment: 'e1', role: 'client' })).toBe('bench.dev/created-by=bench,bench.dev/experiment=e1,bench.dev/role=client');
  });

  it('makes ConfigMap keys and port names that Kubernetes accepts', () => {
    const k = fileKey('/bench/experiments/e/clients/g-0.spec.json');
    expect(k).toMatch(/^g-0\.spec\.json\.[0-9a-f]{10}$/);
    expect(fileKey('/a/x.json')).not.toBe(fileKey('/b/x.json'));
    expect(fileKey('/a/.hidden')).toMatch(/^[-._a-zA-Z0-9]+$/);
    const taken = new Set<string>();
    expect(portName('redis', 6379, taken)).toBe('redis');
    expect(portName('redis', 6380, taken)).toBe('p6380');
    expect(portName('9100', 9100, taken)).toBe('p9100');
    expect(portName('a-very-long-port-name-here', 1, taken).length).toBeLessThanOrEqual(15);
  });
});
