import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './proc';

export interface MachineInfo {
  date: string;
  cpu: string;
  cores: number;
  memoryGB: number;
  kernel: string;
  node: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  git: { commit: string; dirtyFiles: number };
  versions: Record<string, string>;
}

const PACKAGES = [
  '@apollo/gateway',
  '@apollo/server',
  '@apollo/subgraph',
  '@graphql-hive/gateway',
  '@graphql-hive/gateway-runtime',
  'graphql',
  'graphql-ws',
  'ws',
  'undici',
  'kafkajs',
  'autocannon',
];

export function versionOf(pkg: string): string {
  try {
    return (
      JSON.parse(readFileSync(path.join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'not installed';
  }
}

export function machineInfo(): MachineInfo {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    git: {
      commit: git(['rev-parse', '--short', 'HEAD']),
      dirtyFiles: git(['status', '--porcelain']).split('\n').filter(Boolean).length,
    },
    versions: Object.fromEntries(PACKAGES.map((p) => [p, versionOf(p)])),
  };
}
