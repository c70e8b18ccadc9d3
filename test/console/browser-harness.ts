// Debian's Chromium through playwright-core, and the accessibility check every console page must pass: axe-core
// (injected) finds no serious or critical violation, and no date on the page is written YYYY-MM-DD.
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../..');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** YYYY-MM-DD as a person would see it on the page (the API's form, never the console's). */
export const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

export async function launchConsoleBrowser(): Promise<{ browser: Browser; page: Page }> {
  if (!fs.existsSync(path.join(ROOT, 'apps/console/dist/index.html'))) throw new Error('the console is not built: run the tests with npm test (it builds apps/console)');
  const browser = await chromium.launch({ executablePath: process.env.KHFLOW_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  return { browser, page };
}

/** The serious and critical axe-core violations of the page as it is now, and the first ISO date in its main part. */
export async function accessibilityProblems(page: Page): Promise<{ violations: string[]; isoDate: string | null }> {
  await page.waitForLoadState('networkidle');
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate('window.axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  const violations = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  const text = await page.locator('main').innerText();
  return { violations, isoDate: text.match(ISO_DATE)?.[0] ?? null };
}
