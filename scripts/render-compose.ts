// Writes docker-compose.yml and deploy/temporal/*.yaml from scripts/cluster-topology.ts (`npm run render:compose`).
// test/foundation/docker-compose.test.ts fails when the committed files differ from what this renders.
import fs from 'node:fs';
import path from 'node:path';
import { renderCompose, renderComposeTemporalConfigs } from './cluster-topology';
import { ROOT } from './dev-services';

fs.writeFileSync(path.join(ROOT, 'docker-compose.yml'), renderCompose());
const dir = path.join(ROOT, 'deploy', 'temporal');
fs.mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(renderComposeTemporalConfigs())) fs.writeFileSync(path.join(dir, name), text);
console.log(`wrote docker-compose.yml and ${dir}`);
