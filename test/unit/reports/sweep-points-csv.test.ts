import { csvField, pointsCsv } from '../../../src/reports/sweep/points-csv';
import { parseCsv } from '../../../src/reports/report-data';
import { CONNECTIONS, sweepFixture, sweepRow, VALUE_SIZE } from './sweep-fixture';

describe('points.csv', () => {
  it('quotes fields with commas, quotes, line breaks and edge spaces (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(NaN)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(false)).toBe('false');
  });

  it('one column per parameter, then the run, its figures, each extra (union), error, id and folder', () => {
    const s = sweepFixture();
    s.rows = [
      sweepRow(1, 0, 4, 1024, { extra: { 'ttft.p50': 12.5 } }),
      sweepRow(0, 1, 1, 64, { status: 'failed', error: 'crashed, "badly"\nat start', extra: {} }),
      sweepRow(0, 0, 1, 64),
    ];
    s.rows[2].parameters[VALUE_SIZE] = 'a,"b"' as unknown as number;
    const text = pointsCsv(s);
    const [header, ...lines] = text.trimEnd().split('\n');
    expect(header).toBe(`${CONNECTIONS},${VALUE_SIZE},point,repetition,status,ops_per_sec,requests,p50_ms,p90_ms,p99_ms,p999_ms,mean_ms,max_ms,errors,error_rate,passed,hits.perSec,ttft.p50,error,experiment_id,folder`);
    expect(lines[0].startsWith('1,"a,""b""",0,0,completed,9900,99000,')).toBe(true);
    const rows = parseCsvLoose(text);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => [r.point, r.repetition])).toEqual([['0', '0'], ['0', '1'], ['1', '0']]);
    expect(rows[0][VALUE_SIZE]).toBe('a,"b"');
    expect(rows[1]).toMatchObject({ status: 'failed', error: 'crashed, "badly"\nat start', 'hits.perSec': '', 'ttft.p50': '' });
    expect(rows[2]).toMatchObject({ 'ttft.p50': '12.5', 'hits.perSec': '', experiment_id: 'sweep-fixture-p1-r0', folder: '/tmp/bench-sweep-fixture/experiments/sweep-fixture-p1-r0' });
    expect(text.endsWith('\n')).toBe(true);
  });

  it('an empty sweep is a header line', () => {
    const s = sweepFixture({ rows: [] });
    expect(pointsCsv(s).split('\n')).toEqual([expect.stringContaining(`${CONNECTIONS},${VALUE_SIZE},point,`), '']);
  });

  it('the project CSV reader reads it back', () => {
    const rows = parseCsv(pointsCsv(sweepFixture()));
    expect(rows).toHaveLength(24);
    expect(rows[0]).toMatchObject({ [CONNECTIONS]: '1', [VALUE_SIZE]: '64', ops_per_sec: '9900', status: 'completed' });
  });
});

/** A full RFC 4180 reader (quoted line breaks included), to check what the writer wrote. */
function parseCsvLoose(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\n') record.push(field), records.push(record), (record = []), (field = '');
    else field += c;
  }
  const [header, ...rest] = records;
  return rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}
