// Copies the non-TypeScript files the services read at run time (GraphQL SDL, the supergraph)
// next to their compiled JavaScript in dist/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
function copyTree(dir) {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) copyTree(rel);
    else if (/\.(graphql|csv|json|yaml)$/.test(entry.name) && !rel.includes('node_modules')) {
      fs.mkdirSync(path.join(root, 'dist', dir), { recursive: true });
      fs.copyFileSync(path.join(root, rel), path.join(root, 'dist', rel));
    }
  }
}
for (const dir of ['gateway', 'subgraphs']) copyTree(dir);
