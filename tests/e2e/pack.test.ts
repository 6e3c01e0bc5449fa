import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cleanEnv, tempHome } from '../helpers.js';

/**
 * The tarball is the product: pack it, install it into an empty folder, and run it
 * there as `npx mlops-drill` with a fresh home.
 */
describe('the published package', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drill-pack-'));
  const npm = (args: string[], cwd: string) =>
    execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });

  const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)) as { filename: string; files: { path: string }[] }[];
  const files = packed[0]!.files.map((f) => f.path);

  it('holds the built code, bin, question bank, README and LICENSE, and nothing else', () => {
    expect(files).toContain('bin/mlops-drill.js');
    expect(files).toContain('dist/main.js');
    expect(files).toContain('dist/THIRD-PARTY-LICENSES.md');
    // The SQLite engine of import and export is read at run time, not bundled as code.
    expect(files).toContain('dist/sql-wasm.wasm');
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files).toContain('package.json');
    expect(files.filter((f) => f.startsWith('questions/') && f.endsWith('.md')).length).toBeGreaterThanOrEqual(75);
    const allowed = /^(bin\/|dist\/|questions\/|docs\/|README\.md$|LICENSE$|package\.json$)/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.filter((f) => /^(src|tests|scripts|\.ci)\//.test(f) || f.endsWith('.ts'))).toEqual([]);
  });

  it('installs into an empty folder with no dependencies to fetch, and runs with a fresh home', () => {
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{"name":"consumer","private":true}');
    npm(['install', '--offline', '--no-package-lock', path.join(work, packed[0]!.filename)], app);
    const home = tempHome();
    const run = (args: string[]) => spawnSync('npx', ['--no-install', 'mlops-drill', ...args], { cwd: app, env: cleanEnv(home), encoding: 'utf8' });

    const version = run(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);

    const list = run(['list', '--json']);
    expect(list.status).toBe(0);
    const questions = JSON.parse(list.stdout) as { id: string; file: string }[];
    expect(questions.length).toBeGreaterThanOrEqual(75);

    const validate = run(['validate', '--strict']);
    expect(validate.status).toBe(0);
    expect(validate.stderr).toMatch(/0 error\(s\), 0 warning\(s\)/);

    // The SQLite engine loads from the installed package: there is no node_modules/sql.js here.
    const exported = run(['export', '--anki', path.join(app, 'bank.apkg'), '-n', '3']);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(fs.statSync(path.join(app, 'bank.apkg')).size).toBeGreaterThan(1000);
    // Commands that only read write no progress folder (npx keeps its own ~/.npm).
    expect(fs.readdirSync(home).filter((f) => f !== '.npm')).toEqual([]);
  });

  it('passes publint with nothing to report', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'publint', 'src', 'cli.js'), '--strict', ROOT], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/warning|error|suggestion/i);
  });
});
