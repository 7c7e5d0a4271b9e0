/** What a page under hostile data may never do, recorded as it happens: dialogs, xss console lines, page errors, and fetches of the injected <img src=x>. */
import type { Page } from 'puppeteer-core';

export interface InjectionEvidence {
  dialogs: string[];
  console: string[];
  errors: string[];
  injectedRequests: string[];
}

export function noEvidence(): InjectionEvidence {
  return { dialogs: [], console: [], errors: [], injectedRequests: [] };
}

/** Sets the page up for the hostile-data tests and records into `seen`; only the test server and data: URLs load. */
export async function watchForInjection(page: Page, seen: InjectionEvidence): Promise<void> {
  await page.setViewport({ width: 1280, height: 900 });
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const url = req.url();
    // The injected <img src=x> would fetch /x: the request is the evidence, even if its onerror were blocked.
    if (/^http:\/\/127\.0\.0\.1:\d+\/x$/i.test(url)) seen.injectedRequests.push(url);
    return url.startsWith('http://127.0.0.1:') || url.startsWith('data:') ? req.continue() : req.abort();
  });
  page.on('dialog', (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/xss/i.test(m.text())) seen.console.push(m.text());
  });
  // The pages' own scripts must survive hostile data too.
  page.on('pageerror', (e) => seen.errors.push(String(e)));
}
