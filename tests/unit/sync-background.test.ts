import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearStatus, failureNotice, oneLine, startBackgroundSync, writeStatus } from '../../src/sync/background.js';

describe('the background sync status', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-'));
    fs.mkdirSync(path.join(dir, 'sync'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a failure is one line naming the log, until a sync works', () => {
    expect(failureNotice(dir)).toEqual([]);
    writeStatus(dir, { ok: false, at: '2026-03-01T10:20:30.000Z', error: 'the remote cannot be reached\n(fatal: \u001b[31mno\u001b[0m)' });
    const [line, ...more] = failureNotice(dir);
    expect(more).toEqual([]);
    expect(line).toContain('2026-03-01 10:20 UTC');
    expect(line).toContain(path.join(dir, 'sync', 'last.log'));
    // What git or a remote said reaches the terminal without a newline or an escape sequence.
    expect(line).not.toMatch(/[\n\u001b]|\[31m/);
    writeStatus(dir, { ok: true, at: '2026-03-01T11:00:00.000Z' });
    expect(failureNotice(dir)).toEqual([]);
    writeStatus(dir, { ok: false, at: '2026-03-01T12:00:00.000Z' });
    clearStatus(dir);
    expect(failureNotice(dir)).toEqual([]);
  });

  it('a damaged status file says nothing rather than something wrong', () => {
    fs.writeFileSync(path.join(dir, 'sync', 'last-background.json'), '{"ok": "no"');
    expect(failureNotice(dir)).toEqual([]);
  });

  it('starts nothing when sync is not set up', () => {
    expect(startBackgroundSync(dir, path.join(dir, 'never-run.js'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'sync'))).toEqual([]);
  });

  it.each([
    ['a\nb\tc', 'a b c'],
    ['\u001b[2Jx', 'x'],
    ['no \u001b]52;c;ZXZpbA==\u0007clipboard', 'no clipboard'],
    ['x'.repeat(300), `${'x'.repeat(199)}…`],
  ])('oneLine(%j)', (text, flat) => {
    expect(oneLine(text)).toBe(flat);
  });
});
