// The start-up and scaling benchmark (`npm run bench`). Not a test: it prints figures.
// Every round runs each command once, in turn, so drift in machine load hits all alike;
// the figures are medians, and ratios are taken to `node -e 0` measured in the same run.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'mlops-drill.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drill-bench-'));
const home = path.join(work, 'home');
fs.mkdirSync(home);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function makeBank(dir, n) {
  fs.mkdirSync(dir, { recursive: true });
  const types = ['output', 'choice', 'open'];
  const diffs = ['easy', 'medium', 'hard'];
  for (let i = 0; i < n; i++) {
    const type = types[i % 3];
    const sub = path.join(dir, `area-${i % 20}`);
    fs.mkdirSync(sub, { recursive: true });
    const body =
      type === 'output'
        ? `What does it print?\n\n\`\`\`python\nprint(${i} + 1)\n\`\`\`\n\n## Hint\nAdd one.\n\n## Answer\n\`\`\`text\n${i + 1}\n\`\`\`\n`
        : type === 'choice'
          ? `Which is right for case ${i}?\n\n## Choices\n- [ ] Wrong one\n- [x] Right one\n- [ ] Another wrong one\n- [ ] Still wrong\n\n## Hint\nThink.\n\n## Answer\nThe right one.\n`
          : `Explain case ${i}.\n\n## Hint\nThink.\n\n## Answer\n1. A point.\n2. Another point.\n`;
    fs.writeFileSync(
      path.join(sub, `q-${i}.md`),
      `---\nid: bench-q-${i}\ntitle: Generated question ${i}\ndifficulty: ${diffs[i % 3]}\ntype: ${type}\ntopics: [topic-${i % 12}]\n---\n${body}\n## Explanation\nBecause **reasons** number ${i}.\n`,
    );
  }
}

function makeLog(file, n, ids) {
  const session = randomUUID();
  const start = Date.now() - n * 60_000;
  const lines = [];
  for (let i = 0; i < n; i++) {
    const result = i % 4 === 0 ? 'incorrect' : 'correct';
    lines.push(
      JSON.stringify({
        v: 1, kind: 'answer', rid: randomUUID(), at: new Date(start + i * 60_000).toISOString(), session, bank: 'bundled',
        id: ids[i % ids.length], result, grade: result === 'correct' ? 'good' : 'again', hints: 0, revealed: false, nearMiss: false, seconds: 12, mode: 'drill',
      }),
    );
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

function timeRun(cmd, args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...process.env, HOME: home, ...env }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Time until `marker` appears on a pseudo-terminal (util-linux `script`), then stop the program. */
function timeToScreen(command, marker, env = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, HOME: home, TERM: 'xterm-256color', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let seen = '';
    let done = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`'${marker}' did not appear: ${seen.slice(-300)}`));
    }, 20_000);
    child.stdout.on('data', (d) => {
      seen += d.toString();
      if (!done && seen.includes(marker)) {
        done = true;
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve(ms);
      }
    });
  });
}

/** Peak resident memory of the drill on a bank, read from /proc when the first question is up. */
function peakMemory(bank) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'drill', '--plain', '--bank', bank, '-n', '1', '--seed', '1'], {
      env: { ...process.env, HOME: home }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let seen = '';
    child.stdout.on('data', (d) => {
      seen += d.toString();
      if (seen.includes('Question 1 of')) {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
        child.stdin.end();
        resolve(kb / 1024);
      }
    });
    child.on('error', reject);
  });
}

console.log(`mlops-drill benchmark: ${ROUNDS} rounds, Node ${process.version}, ${os.cpus().length} cores`);
console.log('preparing generated banks (1,000 and 10,000 questions) and logs (1,000 and 100,000 answers)…');
const bank1k = path.join(work, 'bank-1k');
const bank10k = path.join(work, 'bank-10k');
makeBank(bank1k, 1_000);
makeBank(bank10k, 10_000);
const ids = JSON.parse(spawnSync(process.execPath, [BIN, 'list', '--json'], { env: { ...process.env, HOME: home }, encoding: 'utf8', maxBuffer: 64 << 20 }).stdout).map((q) => q.id);
const home1k = path.join(work, 'state-1k');
const home100k = path.join(work, 'state-100k');
makeLog(path.join(home1k, 'progress.jsonl'), 1_000, ids);
makeLog(path.join(home100k, 'progress.jsonl'), 100_000, ids);

const node = process.execPath;
const cases = {
  'node -e 0': () => timeRun(node, ['-e', '0']),
  '--version': () => timeRun(node, [BIN, '--version']),
  'list --json': () => timeRun(node, [BIN, 'list', '--json']),
  'validate 1k': () => timeRun(node, [BIN, 'validate', bank1k]),
  'validate 10k': () => timeRun(node, [BIN, 'validate', bank10k]),
  // At every shell prompt: after the first call it reads the log's cached schedule (src/progress/due-cache.ts).
  'due 1k answers': () => timeRun(node, [BIN, 'due'], { MLOPS_DRILL_HOME: home1k }),
  'due 100k answers': () => timeRun(node, [BIN, 'due'], { MLOPS_DRILL_HOME: home100k }),
  'stats 1k answers': () => timeRun(node, [BIN, 'stats'], { MLOPS_DRILL_HOME: home1k }),
  'stats 100k answers': () => timeRun(node, [BIN, 'stats'], { MLOPS_DRILL_HOME: home100k }),
};
const ptyCases = {
  'pty: node -e (baseline)': () => timeToScreen(`${node} -e "console.log('Question 1 of 1')"`, 'Question 1 of'),
  // With the difficulty given on the command line, so no start menu waits for a key.
  'pty: first question': () => timeToScreen(`${node} ${BIN} --seed 1 -d easy,medium,hard`, 'Question 1 of'),
  // What a learner types: a bare `mlops-drill`, whose first screen is the start menu with mastery per topic.
  'pty: start menu': () => timeToScreen(`${node} ${BIN}`, 'What to practise?'),
};
const hasScript = spawnSync('script', ['--version']).status === 0;
const samples = Object.fromEntries([...Object.keys(cases), ...(hasScript ? Object.keys(ptyCases) : [])].map((k) => [k, []]));
// due's first call after a change to the log folds it (as stats does); a prompt sees the calls after.
for (const h of [home1k, home100k]) timeRun(node, [BIN, 'due'], { MLOPS_DRILL_HOME: h });
// Node 20 reads NODE_EXTRA_CA_CERTS at every start, before any code runs: a fixed cost that every
// command and `node -e 0` pay alike, which makes every ratio smaller than on a machine without it.
const extraCerts = process.env.NODE_EXTRA_CA_CERTS ? [] : null;
if (extraCerts) {
  const { NODE_EXTRA_CA_CERTS: _unused, ...without } = process.env;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(node, ['-e', '0'], { env: without, stdio: 'ignore' });
    extraCerts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
const slowRounds = Math.max(3, Math.ceil(ROUNDS / 3));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of Object.entries(cases)) {
    if ((name.includes('10k') || name.includes('100k')) && !name.startsWith('due')) {
      if (round >= slowRounds) continue;
    }
    samples[name].push(fn());
  }
  if (hasScript) for (const [name, fn] of Object.entries(ptyCases)) samples[name].push(await fn());
}
const memory = await peakMemory(bank10k);
// The first start on a long log has no checkpoint yet (see src/progress/checkpoint.ts): time that too.
const cold = [];
for (let i = 0; i < 3; i++) {
  fs.rmSync(path.join(home100k, 'replay-cache.json'), { force: true });
  cold.push(cases['stats 100k answers']());
}

const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const base = med['node -e 0'];
const ptyBase = med['pty: node -e (baseline)'];
// Targets from issue 10: ratios to `node -e 0` (or, on a terminal, to node printing the same marker).
const targets = { '--version': 1.2, 'list --json': 1.4, 'validate 10k': 10, 'stats 100k answers': 2, 'pty: first question': 1.6, 'pty: start menu': 1.6 };
const COLD_TARGET = 5;
// `due` is measured against --version itself (issue 12: no slower than --version plus 20%).
const VS_VERSION = { 'due 1k answers': 1.2, 'due 100k answers': 1.2 };
for (const [name, factor] of Object.entries(VS_VERSION)) targets[name] = Number(((med['--version'] / base) * factor).toFixed(2));
// The extra certificates' cost, taken off both sides of a ratio: what the ratio would be without them.
const certCost = extraCerts ? Math.max(0, base - median(extraCerts)) : 0;
const rows = Object.entries(med).map(([name, ms]) => {
  const b = name.startsWith('pty:') ? ptyBase : base;
  const ratio = ms / b;
  const target = targets[name];
  return { name, ms, ratio, bare: (ms - certCost) / (b - certCost), target, ok: target === undefined ? '' : ratio <= target ? 'ok' : 'OVER' };
});
if (extraCerts) {
  console.log(`\nNODE_EXTRA_CA_CERTS is set: Node loads those certificates at every start, ${certCost.toFixed(0)} ms of the ${base.toFixed(0)} ms of \`node -e 0\` here.`);
  console.log('Every command pays it too, so the ratios are smaller than without it; the last column takes it off both sides.');
}
console.log(`\n| command | median ms | × node -e 0 | target | |${extraCerts ? ' × without the certificates |' : ''}`);
console.log(`| --- | ---: | ---: | ---: | --- |${extraCerts ? ' ---: |' : ''}`);
for (const r of rows) console.log(`| ${r.name} | ${r.ms.toFixed(0)} | ${r.ratio.toFixed(2)} | ${r.target === undefined ? '' : '≤ ' + r.target} | ${r.ok} |${extraCerts ? ` ${r.bare.toFixed(2)} |` : ''}`);
for (const name of Object.keys(VS_VERSION)) console.log(`${name}: ${(med[name] / med['--version']).toFixed(2)}× --version (target ≤ ${VS_VERSION[name]})`);
const growth = (a, b, n) => (med[b] - base) / Math.max(1, med[a] - base) / n;
console.log(`\nGrowth, work above node start-up: validate 1k → 10k ×${((med['validate 10k'] - base) / (med['validate 1k'] - base)).toFixed(1)} for 10× the questions (${growth('validate 1k', 'validate 10k', 10) <= 1.1 ? 'linear or better' : 'worse than linear'}); stats 1k → 100k answers ×${((med['stats 100k answers'] - base) / Math.max(1, med['stats 1k answers'] - base)).toFixed(1)} for 100× the answers (${growth('stats 1k answers', 'stats 100k answers', 100) <= 1.1 ? 'linear or better' : 'worse than linear'}).`);
const coldRatio = median(cold) / base;
console.log(`stats with 100,000 answers on its first start, before the replay checkpoint exists: ${median(cold).toFixed(0)} ms (${coldRatio.toFixed(2)}× node -e 0; target ≤ ${COLD_TARGET}: ${coldRatio <= COLD_TARGET ? 'ok' : 'OVER'}).`);
console.log(`Peak memory of drill on the 10,000-question bank: ${memory.toFixed(1)} MiB (target ≤ 100 MiB: ${memory <= 100 ? 'ok' : 'OVER'}).`);
fs.rmSync(work, { recursive: true, force: true });
