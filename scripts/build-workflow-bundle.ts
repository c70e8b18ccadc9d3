// Builds the workflow bundle once (for the production image): `build-workflow-bundle.ts <output file>`.
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../apps/worker/src/workflow-bundle';

async function main(out: string): Promise<void> {
  const { code } = await bundleWorkflowCode(workflowBundleOptions());
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
  console.log(`workflow bundle written to ${out} (${Math.round(code.length / 1024)} KiB)`);
}

main(process.argv[2] ?? 'dist/workflow-bundle.js').catch((err) => {
  console.error(err);
  process.exit(1);
});
