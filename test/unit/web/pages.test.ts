import { compareSummaries } from '../../../src/reports/compare';
import { comparePage } from '../../../src/web/compare-page';
import { experimentsPage } from '../../../src/web/experiments-page';
import { perSecondSeries } from '../../../src/web/raw-results';
import { craftedSummary } from '../compare/crafted-summary';

describe('web pages', () => {
  it('sums throughput and keeps the worst latency per second across instances', () => {
    const csv = 'timestamp,second,group,instance,requests,errors,ops_per_sec,p50_ms,p90_ms,p99_ms,max_ms\n' + 't,0,"g,1",a-0,10,0,10,1,2,3,4\nt,0,"g,1",a-1,20,1,20,2,3,5,6\nt,1,"g,1",a-0,30,0,30,1,1,1,1\n';
    expect(perSecondSeries(csv)).toEqual({ seconds: [0, 1], opsPerSec: [30, 30], p50Ms: [2, 1], p99Ms: [5, 1], errors: [1, 0] });
  });

  it('escapes what comes from recipes and search attributes', () => {
    const row = { id: 'x-1', recipe: '<script>alert(1)</script>', backend: 'local', services: ['redis'], phase: 'completed', status: 'COMPLETED', startedAt: '2026-11-29T08:00:00.000Z' };
    const html = experimentsPage([row], [row], {});
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows deltas and flags on the compare page, and keeps chart data from closing its script', () => {
    const c = compareSummaries(craftedSummary('base', { p99: 1 }), [craftedSummary('run</script>', { p99: 2 })]);
    const html = comparePage(c);
    expect(html).toContain('data-metric="p99" data-run="run&lt;/script&gt;">+100.0 % ⚠</td>');
    expect(html).not.toContain('run</script>');
  });
});
