import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasGit } from '../helpers.js';
import { joinLog, missingFrom, splitLog, unionLogs } from '../../src/sync/merge.js';
import { setRemote, sync, type LogAccess } from '../../src/sync/sync.js';
import { classify } from '../../src/sync/git.js';

const rec = (rid: string, at: string, extra: Record<string, unknown> = {}) => JSON.stringify({ v: 1, kind: 'answer', rid, at, session: 's', bank: 'bundled', id: `q-${rid}`, result: 'correct', grade: 'good', hints: 0, revealed: false, nearMiss: false, seconds: 3, mode: 'drill', ...extra });

describe('merging two logs', () => {
  it('keeps every record once, in time order, whoever merges', () => {
    const a = splitLog([rec('a1', '2026-01-01T10:00:00Z'), rec('shared', '2026-01-01T09:00:00Z'), rec('a2', '2026-01-02T10:00:00Z')].join('\n') + '\n').lines;
    const b = splitLog([rec('shared', '2026-01-01T09:00:00Z'), rec('b1', '2026-01-01T11:00:00Z')].join('\n') + '\n').lines;
    const ab = joinLog(unionLogs(a, b));
    expect(ab).toBe(joinLog(unionLogs(b, a)));
    expect(splitLog(ab).lines.map((l) => l.rid)).toEqual(['shared', 'a1', 'b1', 'a2']);
  });

  it('carries records of kinds it does not know, and drops torn or foreign lines', () => {
    const text = `${rec('a1', '2026-01-01T10:00:00Z')}\n{"v":1,"kind":"flag","rid":"f1","at":"2026-01-01T10:05:00Z","reason":"typo"}\nnot json\n[1,2]\n{"v":1,"kind":"answer","rid":"torn`;
    const { lines, skipped } = splitLog(text);
    expect(lines.map((l) => l.rid)).toEqual(['a1', 'f1']);
    expect(skipped).toBe(3);
  });

  it('orders records with the same time by id, so the result never depends on input order', () => {
    const t = '2026-01-01T10:00:00Z';
    const one = splitLog(`${rec('b', t)}\n${rec('a', t)}\n`).lines;
    expect(unionLogs(one).map((l) => l.rid)).toEqual(['a', 'b']);
  });

  it('tells which records the other side lacks', () => {
    const ours = splitLog(`${rec('a', '2026-01-01T10:00:00Z')}\n`).lines;
    const theirs = splitLog(`${rec('a', '2026-01-01T10:00:00Z')}\n${rec('b', '2026-01-01T11:00:00Z')}\n${rec('b', '2026-01-01T11:00:00Z')}\n`).lines;
    expect(missingFrom(ours, theirs).map((l) => l.rid)).toEqual(['b']);
  });
});


describe.skipIf(!hasGit())('sync through a bare repository', () => {
  let root: string;
  let remote: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-'));
    remote = path.join(root, 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', remote]);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A machine: its own progress folder with a log file. */
  function machine(name: string, lines: string[]): { dir: string; log: LogAccess; text: () => string } {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'progress.jsonl');
    fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    const text = () => fs.readFileSync(file, 'utf8');
    return {
      dir,
      text,
      log: {
        read: async () => text(),
        merge: async (incoming) => {
          const add = missingFrom(splitLog(text()).lines, splitLog(incoming).lines);
          fs.appendFileSync(file, add.map((l) => `${l.text}\n`).join(''));
          return add.length;
        },
      },
    };
  }
  const rids = (text: string) => splitLog(text).lines.map((l) => l.rid).sort();

  it('two machines that answered offline end with every answer once', async () => {
    const laptop = machine('laptop', [rec('l1', '2026-01-01T08:00:00Z'), rec('l2', '2026-01-02T08:00:00Z')]);
    const desktop = machine('desktop', [rec('d1', '2026-01-01T20:00:00Z')]);
    await setRemote(laptop.dir, remote);
    await setRemote(desktop.dir, remote);

    expect(await sync(laptop.dir, laptop.log)).toMatchObject({ received: 0, sent: 2 });
    expect(await sync(desktop.dir, desktop.log)).toMatchObject({ received: 2, sent: 1 });
    expect(await sync(laptop.dir, laptop.log)).toMatchObject({ received: 1, sent: 0 });

    expect(rids(laptop.text())).toEqual(['d1', 'l1', 'l2']);
    expect(rids(desktop.text())).toEqual(['d1', 'l1', 'l2']);
    // A sync with nothing new changes nothing anywhere.
    const before = laptop.text();
    expect(await sync(laptop.dir, laptop.log)).toMatchObject({ received: 0, sent: 0 });
    expect(laptop.text()).toBe(before);
    const onRemote = execFileSync('git', ['--git-dir', remote, 'show', 'progress:progress.jsonl'], { encoding: 'utf8' });
    expect(splitLog(onRemote).lines.map((l) => l.rid)).toEqual(['l1', 'd1', 'l2']);
  });

  it('survives two machines pushing at the same moment: the loser fetches, merges and pushes again', async () => {
    const seed = machine('seed', [rec('s1', '2026-01-01T07:00:00Z')]);
    await setRemote(seed.dir, remote);
    await sync(seed.dir, seed.log);
    const a = machine('a', [rec('a1', '2026-01-03T08:00:00Z')]);
    const b = machine('b', [rec('b1', '2026-01-03T09:00:00Z')]);
    await setRemote(a.dir, remote);
    await setRemote(b.dir, remote);
    const [ra, rb] = await Promise.all([sync(a.dir, a.log), sync(b.dir, b.log)]);
    expect(ra.attempts + rb.attempts).toBeGreaterThanOrEqual(2);
    await sync(a.dir, a.log);
    await sync(b.dir, b.log);
    expect(rids(a.text())).toEqual(['a1', 'b1', 's1']);
    expect(rids(b.text())).toEqual(['a1', 'b1', 's1']);
  });

  it('a remote that rejects the push loses nothing locally and says why', async () => {
    fs.writeFileSync(path.join(remote, 'hooks', 'pre-receive'), '#!/bin/sh\necho "pushes are closed" >&2\nexit 1\n', { mode: 0o755 });
    const m = machine('m', [rec('m1', '2026-01-01T08:00:00Z')]);
    await setRemote(m.dir, remote);
    const before = m.text();
    await expect(sync(m.dir, m.log)).rejects.toThrow(/rejected the push/);
    expect(m.text()).toBe(before);
  });

  it('refuses a remote whose progress branch holds something else', async () => {
    const other = path.join(root, 'other');
    execFileSync('git', ['init', '-q', '-b', 'progress', other]);
    fs.writeFileSync(path.join(other, 'progress.jsonl'), 'hello\nworld\n');
    execFileSync('git', ['-C', other, 'add', '.']);
    execFileSync('git', ['-C', other, '-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-qm', 'x']);
    execFileSync('git', ['-C', other, 'push', '-q', remote, 'progress']);
    const m = machine('m', [rec('m1', '2026-01-01T08:00:00Z')]);
    await setRemote(m.dir, remote);
    const before = m.text();
    await expect(sync(m.dir, m.log)).rejects.toThrow(/not a progress log/);
    expect(m.text()).toBe(before);
  });

  it('reports a remote that cannot be reached in one line', async () => {
    const m = machine('m', [rec('m1', '2026-01-01T08:00:00Z')]);
    await setRemote(m.dir, path.join(root, 'no-such-remote.git'));
    await expect(sync(m.dir, m.log)).rejects.toThrow(/cannot be reached/);
  });
});

describe('what a failed git command means', () => {
  const push = ['push', 'origin', 'progress'];
  it.each([
    // A lost race whose object ids happen to hold 403 or 401 is still a race, retried; never "credentials".
    ["remote: error: cannot lock ref 'refs/heads/progress': is at 94031c5e but expected 1a40177b\n ! [remote rejected] progress -> progress (failed to update ref)\nerror: failed to push some refs to 'remote.git'", 'race'],
    [" ! [rejected]        progress -> progress (fetch first)\nerror: failed to push some refs to 'remote.git'", 'race'],
    ['remote: HTTP Basic: Access denied\nfatal: Authentication failed for the remote', 'auth'],
    ['fatal: unable to access the remote: The requested URL returned error: 403', 'auth'],
    ["fatal: unable to access the remote: Could not resolve host: example.invalid", 'network'],
    [" ! [remote rejected] progress -> progress (pre-receive hook declined)\nerror: failed to push some refs to 'remote.git'", 'rejected'],
  ])('%s → %s', (stderr, failure) => {
    expect(classify(push, stderr, new Error('exit 1')).failure).toBe(failure);
  });

  it('shows git\'s line without the escape sequences or control characters a remote may put in it', () => {
    const hostile = 'remote: \u001b]0;owned\u0007\u001b[2J\u001b[31mnot found\r\u0008\u0000\u202e';
    for (const args of [push, ['fetch', 'origin'], ['ls-remote', 'origin']]) {
      const e = classify(args, `fatal: unable to access: ${hostile}\n`, new Error('exit 128'));
      expect(e.message).toContain('not found');
      expect(e.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    }
  });
});
