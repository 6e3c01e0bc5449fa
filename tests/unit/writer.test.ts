import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLogText } from '../../src/progress/log-read.js';
import type { LogRecord } from '../../src/progress/record.js';
import { ProgressWriter, type WriteIo } from '../../src/progress/writer.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function logFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'writer-'));
  dirs.push(dir);
  return path.join(dir, 'progress.jsonl');
}

const record = (i: number): LogRecord => ({
  v: 1,
  kind: 'answer',
  rid: `rid-${i}`,
  at: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
  session: 's',
  bank: 'bundled',
  id: `q${i}`,
  result: 'correct',
  grade: 'good',
  hints: 0,
  revealed: false,
  nearMiss: false,
  seconds: 1,
  mode: 'drill',
});

/**
 * A disk that fills up: the write that crosses `room` lands only its first bytes (a short
 * write), the next write fails with ENOSPC, until space is given back.
 */
function fillingDisk(room: number): WriteIo & { free(): void } {
  let limit = room;
  let full = false;
  return {
    openSync: (f, flags, mode) => fs.openSync(f, flags, mode),
    readSync: (fd, buf, off, len, pos) => fs.readSync(fd, buf, off, len, pos),
    fstatSync: (fd) => fs.fstatSync(fd),
    closeSync: (fd) => fs.closeSync(fd),
    writeSync(fd, buf, off, len) {
      const size = fs.fstatSync(fd).size;
      if (full || size >= limit) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      const n = Math.min(len, limit - size);
      if (n < len) full = true;
      return fs.writeSync(fd, buf, off, n);
    },
    free() {
      limit = Infinity;
      full = false;
    },
  };
}

describe('ProgressWriter on a disk that fills up', () => {
  it('at exit (a signal), answers still in memory get one last write; what still fails is counted', () => {
    const file = logFile();
    const disk = fillingDisk(0);
    const w = new ProgressWriter(file, disk);
    expect(w.append(record(1))).toBe(false);
    expect(w.append(record(2))).toBe(false);
    const said: string[] = [];
    w.lastWord(143, (t) => said.push(t));
    expect(said).toEqual(['2 answer(s) could not be saved.\n']);
    disk.free();
    w.lastWord(143, (t) => said.push(t));
    expect(said).toHaveLength(1);
    expect(readLogText(fs.readFileSync(file, 'utf8')).records.map((r) => r.rid)).toEqual(['rid-1', 'rid-2']);
  });

  it('a batch cut short by ENOSPC: what landed is never written twice, what did not is written whole on a fresh line', () => {
    const file = logFile();
    const one = Buffer.byteLength(JSON.stringify(record(0)) + '\n');
    // Room for two whole records and a third of another.
    const disk = fillingDisk(2 * one + 30);
    const w = new ProgressWriter(file, disk);
    // A full disk before the first write: three answers wait in memory.
    expect(w.append(record(1))).toBe(true);
    expect(w.append(record(2))).toBe(true);
    expect(w.append(record(3))).toBe(false);
    expect(w.append(record(4))).toBe(false);
    expect(w.unsaved).toBe(2);
    expect(w.takeNotices()).toEqual([expect.stringMatching(/could not save this answer \(ENOSPC\); it is kept in memory/)]);
    disk.free();
    expect(w.append(record(5))).toBe(true);
    expect(w.unsaved).toBe(0);
    expect(w.takeNotices()).toEqual([expect.stringMatching(/saved again/)]);
    const read = readLogText(fs.readFileSync(file, 'utf8'));
    expect(read.records.map((r) => r.rid)).toEqual(['rid-1', 'rid-2', 'rid-3', 'rid-4', 'rid-5']);
    // The cut-off piece of rid-3 stays as one unreadable line in the middle, and nothing is there twice.
    expect(read.badLines).toHaveLength(1);
    expect(read.duplicates).toBe(0);
    expect(fs.readFileSync(file, 'utf8').split('"rid":"rid-3"')).toHaveLength(2);
  });

  it('after its own write was cut short, the next write starts a fresh line without waiting to see whether another session is mid-append', () => {
    const file = logFile();
    const one = Buffer.byteLength(JSON.stringify(record(0)) + '\n');
    const disk = fillingDisk(one + 30);
    let looks = 0;
    const counting: WriteIo = { ...disk, fstatSync: (fd) => (looks++, fs.fstatSync(fd)) };
    const w = new ProgressWriter(file, counting);
    expect(w.appendAll([record(1), record(2)])).toBe(false);
    disk.free();
    looks = 0;
    expect(w.flush()).toBe(true);
    // One look at the size (the writes' own looks are the disk's, not counted): the wait-and-see loop looks many times.
    expect(looks).toBe(1);
    const read = readLogText(fs.readFileSync(file, 'utf8'));
    expect(read.records.map((r) => r.rid)).toEqual(['rid-1', 'rid-2']);
    expect(read.badLines).toHaveLength(1);
    // Once the file changes under it (another session appended), it waits and sees again.
    expect(w.appendAll([record(3)])).toBe(true);
  });

  it('records that landed whole before the disk filled are dropped from memory', () => {
    const file = logFile();
    const one = Buffer.byteLength(JSON.stringify(record(0)) + '\n');
    const disk = fillingDisk(one * 2);
    const w = new ProgressWriter(file, disk);
    // Three at once: two land, the write of the third gets nothing.
    expect(w.appendAll([record(1), record(2), record(3)])).toBe(false);
    expect(w.unsaved).toBe(1);
    disk.free();
    expect(w.flush()).toBe(true);
    const text = fs.readFileSync(file, 'utf8');
    expect(readLogText(text).records.map((r) => r.rid)).toEqual(['rid-1', 'rid-2', 'rid-3']);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(4);
  });
});

describe('another session half-way through its append', () => {
  /**
   * The file as a reader sees it while another session's write is stalled mid-copy (a busy
   * machine): the tail has no newline for `stalledLooks` looks, then that write completes.
   */
  function stalledAppend(file: string, stalledLooks: number): WriteIo {
    const other = Buffer.from(JSON.stringify({ v: 1, kind: 'answer', rid: 'other' }) + '\n');
    const cut = 20;
    fs.writeFileSync(file, other.subarray(0, cut));
    let looks = 0;
    let landed = false;
    // Appends are serialised by the kernel: the stalled write completes before this one starts.
    const land = () => {
      if (!landed) fs.appendFileSync(file, other.subarray(cut));
      landed = true;
    };
    return {
      openSync: (f, flags, mode) => fs.openSync(f, flags, mode),
      closeSync: (fd) => fs.closeSync(fd),
      fstatSync(fd) {
        if (++looks > stalledLooks) land();
        return fs.fstatSync(fd);
      },
      readSync: (fd, buf, off, len, pos) => fs.readSync(fd, buf, off, len, pos),
      writeSync(fd, buf, off, len) {
        if (stalledLooks < Number.MAX_SAFE_INTEGER) land();
        return fs.writeSync(fd, buf, off, len);
      },
    };
  }

  it('waits for it to land instead of taking the tail for a torn line (no blank line in the log)', () => {
    const file = logFile();
    const writer = new ProgressWriter(file, stalledAppend(file, 4));
    expect(writer.append(record(1))).toBe(true);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.map((l) => (l === '' ? '' : (JSON.parse(l) as { rid: string }).rid))).toEqual(['other', 'rid-1', '']);
  });

  it('a tail that stays without a newline is a torn line: the next record starts on a fresh line', () => {
    const file = logFile();
    const writer = new ProgressWriter(file, stalledAppend(file, Number.MAX_SAFE_INTEGER));
    expect(writer.append(record(2))).toBe(true);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1]!)).toMatchObject({ rid: 'rid-2' });
  });
});
