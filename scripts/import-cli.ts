// `npm run --silent import -- <file> [--directory <units.csv|.xlsx|.json>] [--no-directory] [--launch YYYY-MM-DD]`:
// prints the imported draft of a plan document (JSON) on stdout. Units are resolved against the directory given
// (default: the demo directory of Hải Phòng), as of the plan's date; --no-directory keeps every unit as text.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_UNITS } from '../libs/directory/src/demo-directory';
import { importPlan, readDirectoryFile } from '../libs/plan-import/src';

const USAGE = 'usage: npm run --silent import -- <plan.txt|plan.docx|plan.pdf> [--directory <units.csv|.xlsx|.json>] [--no-directory] [--launch YYYY-MM-DD]';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const valueOf = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? (args[i + 1] ?? '') : null;
  };
  const directoryArg = valueOf('--directory');
  const launch = valueOf('--launch');
  const flagValues = new Set([directoryArg, launch].filter((v): v is string => !!v));
  const file = args.find((a) => !a.startsWith('-') && !flagValues.has(a));
  if (!file || directoryArg === '' || launch === '') {
    console.error(USAGE);
    return 1;
  }
  if (launch && !/^\d{4}-\d{2}-\d{2}$/.test(launch)) {
    console.error(`--launch must be YYYY-MM-DD, not "${launch}"`);
    return 1;
  }
  const full = path.resolve(cwd, file);
  if (!fs.existsSync(full)) {
    console.error(`no such file: ${full}`);
    return 1;
  }
  let units = DEMO_UNITS;
  if (args.includes('--no-directory')) units = [];
  else if (directoryArg) {
    const dir = path.resolve(cwd, directoryArg);
    if (!fs.existsSync(dir)) {
      console.error(`no such directory file: ${dir}`);
      return 1;
    }
    units = await readDirectoryFile(fs.readFileSync(dir), dir);
  }
  const draft = await importPlan(fs.readFileSync(full), full, units, { launchDate: launch });
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
