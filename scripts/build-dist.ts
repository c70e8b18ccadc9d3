// The compiled build in dist/, run by `npm run start:cluster` and the Docker image with plain node (no ts-node):
// tsc emits every project file (this doubles as npm test's type-check), dist/tsconfig.json maps the @khflow/*
// aliases to the compiled libraries (for tsconfig-paths at run time), the workflow bundle is prebuilt, and the
// web console's files are placed where the compiled API looks for them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../apps/worker/src/workflow-bundle';
import { ROOT } from './dev-services';

const DIST = path.join(ROOT, 'dist');

function newest(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

async function main(): Promise<void> {
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(1);

  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  const paths = Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, targets]) => [alias, targets.map((t) => t.replace(/\.ts$/, '.js'))]));
  fs.writeFileSync(path.join(DIST, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { baseUrl: '.', paths } }, null, 2)}\n`);

  const bundle = path.join(DIST, 'workflow-bundle.js');
  const sources = Math.max(newest(path.join(ROOT, 'workflows')), newest(path.join(ROOT, 'libs')));
  if (!fs.existsSync(bundle) || fs.statSync(bundle).mtimeMs < sources) {
    const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m) => console.warn(m), error: (m) => console.error(m) } });
    fs.writeFileSync(bundle, code);
  }

  const consoleDist = path.join(ROOT, 'apps/console/dist');
  if (fs.existsSync(consoleDist)) {
    const target = path.join(DIST, 'apps/console/dist');
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(consoleDist, target, { recursive: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
