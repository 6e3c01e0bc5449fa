/**
 * Sync as a learner on two machines meets it: `sync-on-exit` after a session, and
 * `sync --with-config`. Homes are temporary, the remote is a local bare repository.
 *
 * The background sync is held back by a gate: git on PATH is a small wrapper that waits for a
 * gate file before running the real git, and writes "start"/"end" events with the id of the
 * process that ran it. So the tests assert the order of events (the session is back at the
 * shell before any git command of its sync ended; two syncs never interleave), never timings.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasGit, runCli } from '../helpers.js';
import { expectNoStackTrace, generatedChoiceBank, home, progressFileOf, readJsonLines, startSession } from './support.js';
import { describeInTerminal, history, startInTmux, tmux, waitForScreen } from './tmux.js';

const plainAnswers = (n: number) => Array.from({ length: n }, () => '1\n').join('');
const rids = (h: string) => readJsonLines(progressFileOf(h)).map((r) => r.rid as string).sort();

function bare(): string {
  const remote = path.join(home(), 'remote.git');
  execFileSync('git', ['init', '-q', '--bare', remote]);
  return remote;
}

/** The record ids on the remote's progress branch ([] before its first push). */
function remoteRids(remote: string): string[] {
  try {
    const text = execFileSync('git', ['--git-dir', remote, 'show', 'progress:progress.jsonl'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { rid: string }).rid)
      .sort();
  } catch {
    return [];
  }
}

/** Resolves once `check` holds, polling the file system; fails after a generous bound. */
async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** git behind a gate: it waits for the gate file, and logs start/end with the calling process. */
function gatedGit(): { env: NodeJS.ProcessEnv; open: () => void; close: () => void; events: () => string[] } {
  const dir = home();
  const gate = path.join(dir, 'gate');
  const events = path.join(dir, 'events');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  // Waits at most about a minute, so a failed test never leaves a sync behind for long.
  fs.writeFileSync(
    path.join(bin, 'git'),
    `#!/bin/sh\necho "start $PPID $1" >> "$GIT_GATE_EVENTS"\ni=0\nwhile [ ! -e "$GIT_GATE" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done\n"$GIT_GATE_REAL" "$@"\nrc=$?\necho "end $PPID $1" >> "$GIT_GATE_EVENTS"\nexit $rc\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(gate, '');
  opened.push(gate);
  return {
    env: { PATH: `${bin}${path.delimiter}${process.env.PATH}`, GIT_GATE: gate, GIT_GATE_EVENTS: events, GIT_GATE_REAL: realGit },
    open: () => fs.writeFileSync(gate, ''),
    close: () => fs.rmSync(gate, { force: true }),
    events: () => (fs.existsSync(events) ? fs.readFileSync(events, 'utf8').split('\n').filter((l) => l !== '') : []),
  };
}
const opened: string[] = [];
// Whatever happens in a test, no background sync is left waiting at its gate.
afterAll(() => opened.forEach((g) => fs.writeFileSync(g, '')));

/** A home with sync set up on a new bare remote and sync-on-exit on, its git held at a closed gate. */
function gatedHome() {
  const git = gatedGit();
  const remote = bare();
  const h = home();
  runCli(['sync', '--remote', remote], { home: h, env: git.env });
  runCli(['config', 'set', 'sync-on-exit', 'on'], { home: h });
  git.close();
  return { git, remote, h, before: git.events().length };
}

const syncFolder = (h: string) => path.join(h, '.mlops-drill', 'sync');
const statusOf = (h: string) => {
  const file = path.join(syncFolder(h), 'last-background.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { ok: boolean; error?: string }) : null;
};

describe.skipIf(!hasGit() || process.platform === 'win32')('sync-on-exit', () => {
  it('a session returns to the shell before its background sync has run, and the remote gets the answers afterwards', async () => {
    const git = gatedGit();
    const remote = bare();
    const h = home();
    const bank = generatedChoiceBank(3);
    expect(runCli(['sync', '--remote', remote], { home: h, env: git.env }).code).toBe(0);
    expect(runCli(['config', 'set', 'sync-on-exit', 'on'], { home: h }).stdout).toContain('sync-on-exit = on');

    git.close();
    const before = git.events().length;
    const r = runCli(['--plain', '-d', 'easy', '--bank', bank, '-n', '2', '--seed', '1'], { home: h, input: plainAnswers(2), env: git.env });
    // Back at the shell (the session's process and its output pipes are closed) ...
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('syncing in the background');
    const answered = rids(h);
    expect(answered.length).toBeGreaterThanOrEqual(2);
    // ... while its sync has not finished one git command: it waits at the gate.
    await until(() => git.events().length > before, 'the background sync to start git');
    expect(git.events().slice(before).filter((e) => e.startsWith('end'))).toEqual([]);
    expect(remoteRids(remote)).toEqual([]);

    git.open();
    await until(() => remoteRids(remote).length === answered.length, 'the answers on the remote');
    expect(remoteRids(remote)).toEqual(answered);
    await until(() => statusOf(h) !== null, 'the background sync to finish');
    expect(statusOf(h)).toMatchObject({ ok: true });
    expect(fs.readFileSync(path.join(syncFolder(h), 'last.log'), 'utf8')).toMatch(/0 record\(s\) received, \d+ sent/);
  });

  it('two background syncs never run at once, and together send both sessions', async () => {
    const { git, remote, h, before } = gatedHome();
    const bank = generatedChoiceBank(4);
    for (const seed of ['1', '2']) {
      const r = runCli(['--plain', '-d', 'easy', '--bank', bank, '-n', '1', '--seed', seed], { home: h, input: plainAnswers(1), env: git.env });
      expect(r.code).toBe(0);
    }
    git.open();
    const answered = rids(h);
    await until(() => remoteRids(remote).length === answered.length, 'both sessions on the remote');
    // Wait until both have ended (their start and end events pair up), then read the order.
    await until(() => {
      const ev = git.events().slice(before);
      const starts = ev.filter((e) => e.startsWith('start'));
      return ev.length === 2 * starts.length && new Set(starts.map((e) => e.split(' ')[1])).size === 2;
    }, 'two background syncs');
    const order = git.events().slice(before).map((e) => e.split(' ')[1]!);
    // The runs of one process's git commands: one run each, never interleaved.
    const runs = order.filter((pid, i) => i === 0 || order[i - 1] !== pid);
    expect(runs).toHaveLength(2);
    expect(new Set(runs).size).toBe(2);
  });

  it('a sync typed while a background sync runs waits for it, says so, and then finds nothing left to send', async () => {
    const { git, remote, h, before } = gatedHome();
    expect(runCli(['--plain', '-d', 'easy', '--bank', generatedChoiceBank(2), '-n', '1'], { home: h, input: plainAnswers(1), env: git.env }).code).toBe(0);
    await until(() => git.events().length > before, 'the background sync to start git');
    const manual = startSession(['sync'], { home: h });
    await manual.waitFor('waiting for it to finish');
    git.open();
    const done = await manual.exited;
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('0 record(s) received, 0 sent');
    expect(remoteRids(remote)).toEqual(rids(h));
  });

  it('a failing background sync loses nothing, and the next sync and session say so in one line', async () => {
    const remote = bare();
    const h = home();
    const bank = generatedChoiceBank(3);
    runCli(['sync', '--remote', remote], { home: h });
    runCli(['config', 'set', 'sync-on-exit', 'on'], { home: h });
    fs.rmSync(remote, { recursive: true, force: true });
    const r = runCli(['--plain', '-d', 'easy', '--bank', bank, '-n', '2', '--seed', '1'], { home: h, input: plainAnswers(2) });
    expect(r.code).toBe(0);
    const answered = rids(h);
    await until(() => statusOf(h) !== null, 'the background sync to fail');
    expect(statusOf(h)).toMatchObject({ ok: false, error: expect.stringContaining('cannot be reached') });
    expect(rids(h)).toEqual(answered);

    const log = path.join(syncFolder(h), 'last.log');
    const next = runCli(['--plain', '-d', 'easy', '--bank', bank, '-n', '1', '--seed', '2'], { home: h, input: '' });
    expect(next.stderr.split('\n').filter((l) => l.includes('the last background sync'))).toEqual([expect.stringContaining(log)]);
    const manual = runCli(['sync'], { home: h });
    expect(manual.stderr.split('\n').filter((l) => l.includes('the last background sync'))).toHaveLength(1);
    expect(manual.stderr).toContain(log);
    expect(manual.code).toBe(1);
    expectNoStackTrace(manual);

    // Once a sync works again, the failure is old news.
    execFileSync('git', ['init', '-q', '--bare', remote]);
    const fixed = runCli(['sync'], { home: h });
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain(`0 record(s) received, ${answered.length} sent`);
    expect(runCli(['sync'], { home: h }).stderr).not.toContain('the last background sync');
  });

  it('does nothing when sync is not set up, or when the setting is off', () => {
    const bank = generatedChoiceBank(2);
    const h = home();
    runCli(['config', 'set', 'sync-on-exit', 'on'], { home: h });
    const r = runCli(['--plain', '-d', 'easy', '--bank', bank, '-n', '1'], { home: h, input: plainAnswers(1) });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('syncing in the background');
    expect(fs.existsSync(syncFolder(h))).toBe(false);

    const off = home();
    runCli(['sync', '--remote', bare()], { home: off });
    const r2 = runCli(['--plain', '-d', 'easy', '--bank', bank, '-n', '1'], { home: off, input: plainAnswers(1) });
    expect(r2.stdout).not.toContain('syncing in the background');
    expect(fs.existsSync(path.join(syncFolder(off), 'last.log'))).toBe(false);
  });
});

describeInTerminal('sync-on-exit in a real terminal (tmux)', () => {
  it.skipIf(!hasGit())('the shell is back at once at 40 columns, and the sync outlives the terminal being closed', async () => {
    const { git, remote, h, before } = gatedHome();
    const env = Object.fromEntries(Object.entries(git.env).map(([k, v]) => [k, v ?? '']));
    const name = startInTmux(h, ['-d', 'easy', '-n', '1', '--bank', generatedChoiceBank(2)], { width: 40, height: 24 }, { env });
    await waitForScreen(name, /Question 1 of 1[\s\S]*a-c 1-3/);
    tmux('send-keys', '-t', name, '1');
    await waitForScreen(name, /Ready\?/);
    tmux('send-keys', '-t', name, 'q');
    const end = await waitForScreen(name, /EXIT=\d+/, 10_000, history);
    expect(end).toContain('EXIT=0');
    expect(end).toMatch(/^syncing in the background$/m);
    // The terminal closes while the sync still waits at the gate.
    await until(() => git.events().length > before, 'the background sync to start git');
    tmux('kill-session', '-t', name);
    expect(git.events().slice(before).filter((e) => e.startsWith('end'))).toEqual([]);
    git.open();
    await until(() => remoteRids(remote).length > 0 && remoteRids(remote).join() === rids(h).join(), 'the answer on the remote (a sync killed with its terminal never sends it)', 30_000);
  });
});

describe.skipIf(!hasGit())('sync --with-config', () => {
  const configOf = (h: string) => path.join(h, '.config', 'mlops-drill', 'config.json');
  const read = (h: string) => JSON.parse(fs.readFileSync(configOf(h), 'utf8')) as Record<string, unknown>;
  /** Make the settings file look changed at this time (the merge takes a key's change time from it). */
  const changedAt = (h: string, iso: string) => fs.utimesSync(configOf(h), new Date(iso), new Date(iso));

  it('carries settings between two homes, per key the newest change, and sync-on-exit stays on its machine', () => {
    const remote = bare();
    const laptop = home();
    const desktop = home();
    runCli(['config', 'set', 'new-per-day', '20'], { home: laptop });
    runCli(['config', 'set', 'sync-on-exit', 'on'], { home: laptop });
    changedAt(laptop, '2026-01-01T10:00:00Z');
    const first = runCli(['sync', '--remote', remote, '--with-config'], { home: laptop });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('settings: nothing changed here');

    runCli(['config', 'set', 'session-size', '5'], { home: desktop });
    changedAt(desktop, '2026-01-01T09:00:00Z');
    const second = runCli(['sync', '--remote', remote, '--with-config'], { home: desktop });
    expect(second.stdout).toContain('settings taken from the remote: new-per-day');
    expect(read(desktop)).toEqual({ 'new-per-day': 20, 'session-size': 5 });

    // Both change new-per-day; the desktop's change is the newer one, and wins on both.
    runCli(['config', 'set', 'new-per-day', '30'], { home: laptop });
    changedAt(laptop, '2026-01-02T10:00:00Z');
    runCli(['config', 'set', 'new-per-day', '40'], { home: desktop });
    changedAt(desktop, '2026-01-02T11:00:00Z');
    expect(runCli(['sync', '--with-config'], { home: laptop }).stdout).toContain('settings taken from the remote: session-size');
    expect(runCli(['sync', '--with-config'], { home: desktop }).stdout).toContain('settings: nothing changed here');
    expect(runCli(['sync', '--with-config'], { home: laptop }).stdout).toContain('settings taken from the remote: new-per-day');
    expect(read(laptop)).toEqual({ 'new-per-day': 40, 'session-size': 5, 'sync-on-exit': true });
    expect(read(desktop)).toEqual({ 'new-per-day': 40, 'session-size': 5 });

    // An unset travels too.
    runCli(['config', 'unset', 'session-size'], { home: desktop });
    changedAt(desktop, '2026-01-03T10:00:00Z');
    runCli(['sync', '--with-config'], { home: desktop });
    expect(runCli(['sync', '--with-config'], { home: laptop }).stdout).toContain('settings taken from the remote: session-size');
    expect(read(laptop)).toEqual({ 'new-per-day': 40, 'sync-on-exit': true });
  });

  it('without --with-config, sync never touches the settings file, here or on the remote', () => {
    const remote = bare();
    const laptop = home();
    const desktop = home();
    runCli(['config', 'set', 'new-per-day', '20'], { home: laptop });
    runCli(['sync', '--remote', remote, '--with-config'], { home: laptop });
    const onRemote = () => execFileSync('git', ['--git-dir', remote, 'show', 'progress:settings.json'], { encoding: 'utf8' });
    const shared = onRemote();

    // A home without --with-config: its settings stay as they are, and the remote's too.
    runCli(['config', 'set', 'new-per-day', '3'], { home: desktop });
    const before = fs.readFileSync(configOf(desktop), 'utf8');
    const old = new Date('2025-06-01T00:00:00Z');
    fs.utimesSync(configOf(desktop), old, old);
    runCli(['--plain', '-d', 'easy', '--bank', generatedChoiceBank(2), '-n', '1'], { home: desktop, input: plainAnswers(1) });
    const r = runCli(['sync', '--remote', remote], { home: desktop });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('settings');
    expect(fs.readFileSync(configOf(desktop), 'utf8')).toBe(before);
    expect(fs.statSync(configOf(desktop)).mtimeMs).toBe(old.getTime());
    expect(fs.existsSync(path.join(syncFolder(desktop), '.settings-base.json'))).toBe(false);
    expect(onRemote()).toBe(shared);
    // The log went through all the same.
    expect(remoteRids(remote)).toEqual(rids(desktop));
  });
});
