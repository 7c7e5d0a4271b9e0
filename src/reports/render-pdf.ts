/** report.pdf: the HTML printed by Debian's Chromium through puppeteer-core (never a downloaded browser). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';

export const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--disable-dev-shm-usage'];

export async function renderPdf(html: string, pdfFile: string, timeoutMs = 90_000): Promise<void> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-chromium-'));
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`], headless: true, timeout: timeoutMs, protocolTimeout: timeoutMs });
  try {
    await printOnPage(await browser.newPage(), html, pdfFile, timeoutMs);
  } finally {
    await browser.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** Prints the report's HTML to pdfFile on an open page, once its charts are drawn. */
export async function printOnPage(page: Page, html: string, pdfFile: string, timeoutMs: number): Promise<void> {
  // The report is self-contained: any network request is a bug, so none is allowed.
  await page.setRequestInterception(true);
  page.on('request', (req) => (req.url().startsWith('data:') || req.url() === 'about:blank' ? req.continue() : req.abort()));
  await page.setViewport({ width: 794, height: 1123 });
  await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
  await page.waitForFunction('window.__chartsDone !== undefined', { timeout: timeoutMs });
  await page.pdf({ path: pdfFile, format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '11mm', right: '11mm' }, timeout: timeoutMs });
}
