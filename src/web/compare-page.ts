/** /compare?ids=a,b,c: runs side by side against the first (the baseline), with deltas, 95 % intervals, p-values and regression flags. */
import { fmtInterval, fmtP, fmtPct, METRICS, samplingText, verdictText, type Comparison } from '../reports/compare';
import { link, num, render } from './templates';

export function comparePage(c: Comparison): string {
  const runs = c.runs;
  const experimentUrl = (id: string) => link(`/experiments/${encodeURIComponent(id)}`);
  const rows = METRICS.map((m) => ({
    label: m.label,
    unit: m.unit,
    base: num(runs[0]?.deltas.find((d) => d.metric === m.name)?.baseline, 3),
    cells: runs.map((r) => {
      const d = r.deltas.find((x) => x.metric === m.name)!;
      const worse = d.deltaPct !== null && (m.better === 'higher' ? d.deltaPct < 0 : d.deltaPct > 0);
      return {
        value: num(d.value, 3),
        cls: d.regression ? 'bad' : worse ? '' : 'good',
        metric: m.name,
        run: r.id,
        pct: fmtPct(d.deltaPct),
        regression: d.regression,
        ci: fmtInterval(d.ci95),
        p: fmtP(d.pValue),
        verdict: verdictText(d),
        sigCls: d.significant === null ? 'untested' : d.significant ? 'significant' : 'noise',
        detail: d.testDetail,
      };
    }),
  }));
  const chart = {
    labels: [c.baseline.id, ...runs.map((r) => r.id)],
    ops: [runs[0]?.deltas.find((d) => d.metric === 'throughput')?.baseline ?? 0, ...runs.map((r) => r.deltas.find((d) => d.metric === 'throughput')!.value)],
    p99: [runs[0]?.deltas.find((d) => d.metric === 'p99')?.baseline ?? 0, ...runs.map((r) => r.deltas.find((d) => d.metric === 'p99')!.value)],
  };
  return render('compare', {
    title: `Compare with ${c.baseline.id}`,
    regression: c.regression,
    thresholds: c.thresholds,
    alpha: c.statistics.alpha,
    rule: c.statistics.rule,
    reasons: runs.flatMap((r) => r.regressions.map((text) => ({ id: r.id, text }))),
    notes: runs.flatMap((r) => r.notes.map((text) => ({ id: r.id, text }))),
    baseline: { id: c.baseline.id, ids: c.baseline.ids.join(' + '), url: experimentUrl(c.baseline.id) },
    runs: runs.map((r) => ({ id: r.id, ids: r.ids.join(' + '), url: experimentUrl(r.id), regressed: r.regressions.length > 0, sampling: samplingText(r) })),
    rows,
    chart,
  });
}

export function compareFormPage(message: string): string {
  return render('compare-form', { message });
}
