/**
 * A warm Chromium for report.pdf. Cold, a PDF costs a browser launch, a first page and a close (on 2
 * busy cores about 4 of its 6 s), all after the load, delaying the end of `bench run`. So the worker
 * launches the browser when an experiment that wants a PDF is prepared (its start-up overlaps the
 * deployment, not the load), keeps a blank page open, and the report prints on that page; the browser
 * closes in the background once no prepared experiment still waits for it. One browser per worker
 * process, however many experiments run: each print gets its own page.
 *
 * Bounded: a browser nobody printed with for IDLE_MS closes (an experiment terminated before its
 * report never releases it), and the next print launches one cold, as does a report retried on a
 * worker that never warmed one. Chromium talks over a pipe, so it ends with the worker, also after
 * kill -9. The page steps mirror src/reports/render-pdf.ts (the self-contained-report rules).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_FLAGS, printOnPage } from '../reports/render-pdf';

const IDLE_MS = 30 * 60_000;

interface Warm {
  browser: Promise<Browser>;
  /** A blank page opened at launch: the first print skips the (slow) first page. */
  spare?: Promise<Page>;
  userDataDir: string;
  waiting: Set<string>;
  idle?: NodeJS.Timeout;
}

let warm: Warm | undefined;
/** Profiles of browsers not closed yet: removed when the process exits first (the browser ends with it). */
const profiles = new Set<string>();
let removeOnExit = false;

function launch(timeoutMs: number): Warm {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-chromium-'));
  profiles.add(userDataDir);
  if (!removeOnExit) {
    removeOnExit = true;
    process.once('exit', () => {
      for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
    });
  }
  const browser = puppeteer.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`], headless: true, pipe: true, timeout: timeoutMs, protocolTimeout: timeoutMs });
  const w: Warm = { browser, userDataDir, waiting: new Set() };
  w.spare = browser.then((b) => b.newPage());
  // A failed launch is reported by the print that needs it.
  w.spare.catch(() => undefined);
  return w;
}

function close(w: Warm): void {
  if (warm === w) warm = undefined;
  clearTimeout(w.idle);
  void w.browser
    .then((b) => b.close())
    .catch(() => undefined)
    .finally(() => {
      rmSync(w.userDataDir, { recursive: true, force: true });
      profiles.delete(w.userDataDir);
    });
}

function touch(w: Warm): void {
  clearTimeout(w.idle);
  w.idle = setTimeout(() => close(w), IDLE_MS);
  w.idle.unref();
}

/** The experiment (by folder) will print a PDF: launch the browser now, in the background. */
export function warmPdfBrowser(key: string, timeoutMs = 90_000): void {
  if (!warm) warm = launch(timeoutMs);
  warm.waiting.add(key);
  touch(warm);
}

/** Prints html into pdfFile on the warm browser (or a cold one); the browser closes in the background when nobody else waits. */
export async function printPdf(key: string, html: string, pdfFile: string, timeoutMs = 90_000): Promise<void> {
  let w = warm;
  if (!w || (await w.browser.then(() => false, () => true))) {
    if (w) close(w);
    w = warm = launch(timeoutMs);
  }
  w.waiting.add(key);
  touch(w);
  const spare = w.spare;
  w.spare = undefined;
  const page = await (spare ?? w.browser.then((b) => b.newPage()));
  try {
    await printOnPage(page, html, pdfFile, timeoutMs);
  } finally {
    void page.close().catch(() => undefined);
    w.waiting.delete(key);
    if (w.waiting.size === 0) close(w);
  }
}
