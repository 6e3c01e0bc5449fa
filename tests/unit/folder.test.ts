import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readOwnFile, unsafeFolderReason, writeFileWhole } from '../../src/progress/folder.js';
import { readStatus, writeStatus } from '../../src/sync/background.js';
import { syncDir } from '../../src/sync/folder.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
afterEach(() => vi.restoreAllMocks());

function folder(mode = 0o700): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-'));
  dirs.push(dir);
  fs.chmodSync(dir, mode);
  return dir;
}

describe.skipIf(process.platform === 'win32')('unsafeFolderReason', () => {
  it.each([
    [0o700, null],
    [0o755, null],
    [0o775, /chmod 700/],
    [0o777, /can be written by other users \(mode 777\); make it private with: chmod 700 /],
    [0o1777, /chmod 700/],
  ])('a folder of mode %o', (mode, expected) => {
    const dir = folder(mode);
    const reason = unsafeFolderReason(dir);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });

  it.skipIf(process.getuid?.() !== 0)('a folder of another user is refused (as root: chown to nobody)', () => {
    const dir = folder();
    fs.chownSync(dir, 65534, 65534);
    expect(unsafeFolderReason(dir)).toMatch(/belongs to another user/);
  });

  it('a folder not made yet is fine (it will be made 0700)', () => {
    expect(unsafeFolderReason(path.join(folder(), 'later'))).toBeNull();
  });
});

describe('writeFileWhole', () => {
  it('creates its temporary file exclusively, 0600, under a name no one can guess, and leaves nothing behind', () => {
    const dir = folder();
    const open = vi.spyOn(fs, 'openSync');
    writeFileWhole(path.join(dir, 'replay-cache.json'), 'one');
    writeFileWhole(path.join(dir, 'replay-cache.json'), 'two');
    const calls = open.mock.calls.map(([p, flags, mode]) => ({ p: String(p), flags, mode }));
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      expect(c.flags).toBe('wx');
      expect(c.mode).toBe(0o600);
      expect(c.p).not.toContain(String(process.pid));
    }
    expect(calls[0]!.p).not.toBe(calls[1]!.p);
    expect(fs.readdirSync(dir)).toEqual(['replay-cache.json']);
    expect(fs.readFileSync(path.join(dir, 'replay-cache.json'), 'utf8')).toBe('two');
  });

  it('never writes through a link planted at the temporary name', () => {
    const dir = folder();
    const victim = path.join(folder(), 'victim');
    fs.writeFileSync(victim, 'keep');
    // Whatever name it picks, pretend someone planted a link there first.
    const real = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
      if (!fs.existsSync(p)) fs.symlinkSync(victim, p);
      return real(p, flags ?? "r", mode);
    }) as typeof fs.openSync);
    expect(() => writeFileWhole(path.join(dir, 'replay-cache.json'), 'evil')).toThrow(/EEXIST/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep');
  });
});

describe.skipIf(process.platform === 'win32' || spawnSync('mkfifo', ['--version']).status !== 0)('readOwnFile: small files of our own beside the log', () => {
  it('reads a regular file, and gives null for none, one too large, a FIFO or a folder, without blocking', () => {
    const dir = folder();
    const file = path.join(dir, 'own.json');
    expect(readOwnFile(file, 100)).toBeNull();
    fs.writeFileSync(file, '{"a":1}');
    expect(readOwnFile(file, 100)).toBe('{"a":1}');
    expect(readOwnFile(file, 3)).toBeNull();
    fs.rmSync(file);
    expect(spawnSync('mkfifo', [file]).status).toBe(0);
    expect(readOwnFile(file, 100)).toBeNull();
    expect(readOwnFile(dir, 100)).toBeNull();
  });

  it('a FIFO where the background sync status should be gives no status instead of hanging the next session', () => {
    const dir = folder();
    fs.mkdirSync(syncDir(dir), { recursive: true });
    writeStatus(dir, { ok: false, at: '2026-01-01T00:00:00.000Z', error: 'offline' });
    expect(readStatus(dir)).toMatchObject({ ok: false, error: 'offline' });
    const status = fs.readdirSync(syncDir(dir)).map((f) => path.join(syncDir(dir), f)).find((f) => f.endsWith('.json'))!;
    fs.rmSync(status);
    expect(spawnSync('mkfifo', [status]).status).toBe(0);
    expect(readStatus(dir)).toBeNull();
  });
});
