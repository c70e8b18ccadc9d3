// `npm run --silent import -- <file>`: prints the imported draft of a plan document (JSON) on stdout.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_UNITS } from '../libs/directory/src/demo-directory';
import { importPlan } from '../libs/plan-import/src';

async function main(): Promise<number> {
  const file = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!file) {
    console.error('usage: npm run --silent import -- <plan.txt|plan.docx|plan.pdf>');
    return 1;
  }
  const full = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  if (!fs.existsSync(full)) {
    console.error(`no such file: ${full}`);
    return 1;
  }
  const draft = await importPlan(fs.readFileSync(full), full, DEMO_UNITS);
  process.stdout.write(`${JSON.stringify(draft, null, 2)}\n`);
  return 0;
}

// process.exitCode, not process.exit(): stdout to a pipe is asynchronous and exit() would cut a large draft short.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
