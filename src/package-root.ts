import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's folder: the nearest package.json above this module. The
 * same code runs from src/ (tests), dist/ and dist/chunks/ (the bundle), so no fixed
 * number of '..' fits them all.
 */
export function packageRoot(from: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('mlops-drill: package.json not found above ' + fileURLToPath(from));
    dir = up;
  }
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * How to name the program in a suggested command: as the learner invoked it. `npx mlops-drill`
 * when run through npx or from a clone (where it is not on PATH), `mlops-drill` when installed.
 */
export function commandName(env: NodeJS.ProcessEnv = process.env, root: string = packageRoot()): string {
  if (env.npm_command === 'exec') return 'npx mlops-drill';
  return root.split(path.sep).includes('node_modules') ? 'mlops-drill' : 'npx mlops-drill';
}
