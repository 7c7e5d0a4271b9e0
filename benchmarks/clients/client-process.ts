/**
 * One `runClient` in its own process, so the benchmark can pin it to a core with taskset and read
 * its memory. argv: SPEC_JSON_FILE OUT_FILE. Last stdout line: { peakRssMb, rssMbSamples }.
 */
import { readFileSync } from 'node:fs';
import { parseClientSpec, runClient } from '../../src/clients/runner';

async function main(): Promise<void> {
  const [specFile, outFile] = process.argv.slice(2);
  const spec = parseClientSpec(JSON.parse(readFileSync(specFile, 'utf8')));
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(Math.round(process.memoryUsage().rss / 1e5) / 10), 1000);
  await runClient(spec, outFile);
  clearInterval(sampler);
  // maxRSS is in kilobytes.
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
  process.stdout.write(`${JSON.stringify({ peakRssMb, rssMbSamples: samples })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
