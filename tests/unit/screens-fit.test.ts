import { beforeAll, describe, expect, it } from 'vitest';
import type { Stats } from '../../src/stats.js';
import { listScreen, type ListRow } from '../../src/ui/list-screen.js';
import { configureColor } from '../../src/ui/output.js';
import { statsScreen } from '../../src/ui/stats-screen.js';
import { displayWidth } from '../../src/ui/width.js';

const WIDTHS = Array.from({ length: 161 }, (_, i) => 40 + i);

const ROWS: ListRow[] = [
  { id: 'cicd-extra-ml-pipeline-checks-for-a-long-id', title: 'Checks an ML pipeline adds to software CI/CD, and a great deal more text', difficulty: 'hard', type: 'choice', last: 'correct', due: true, leech: true, suspended: false },
  { id: 'serving-日本', title: 'モデルのデプロイ: 日本語のタイトルはとても長いので短くする必要があります 🚀🚀', difficulty: 'easy', type: 'output', last: null, due: false, leech: false, suspended: false },
  { id: 'x', title: 'Short', difficulty: 'medium', type: 'open', last: 'skipped', due: true, leech: false, suspended: true },
];

const group = (name: string, seen: number, total: number) => ({ name, total, seen, answered: seen * 3, correct: seen * 2, accuracy: seen ? 2 / 3 : null, mastered: Math.floor(seen / 2) });

const STATS: Stats = {
  questions: 120,
  seen: 40,
  answered: 300,
  correct: 200,
  accuracy: 0.667,
  mastered: 12,
  byDifficulty: [group('easy', 20, 40), group('medium', 15, 40), group('hard', 5, 40)],
  byTopic: [group('a-very-long-topic-name-for-feature-stores', 3, 10), group('drift', 0, 12), group('監視', 7, 7)],
  today: '2024-03-10',
  streakDays: 1,
  days: [
    { date: '2023-12-01', answers: 4, correct: 2 },
    { date: '2024-03-04', answers: 40, correct: 30 },
    { date: '2024-03-09', answers: 9, correct: 9 },
    { date: '2024-03-10', answers: 12, correct: 6 },
  ],
  retention: { days: 30, since: '2024-02-10', reviews: 24, recalled: 21, rate: 0.875 },
  flagged: { count: 2, ids: ['q', 'x'] },
  dueNow: 3,
  forecast: ['2024-03-10', '2024-03-11', '2024-03-12', '2024-03-13', '2024-03-14', '2024-03-15', '2024-03-16'].map((date, i) => ({ date, due: i * 111 })),
  suspended: 2,
  weakest: [
    { id: 'monitoring-psi-binned-with-a-long-id-indeed', title: 'Binned PSI on a feature with a very long title that goes on', attempts: 12, answered: 10, correct: 1, lapses: 5, leech: true },
    { id: 'q', title: 'タイトル', attempts: 2, answered: 1, correct: 0, lapses: 0, leech: false },
  ],
};

const widest = (lines: string[]) => Math.max(...lines.flatMap((l) => l.split('\n')).map(displayWidth));

describe.each([false, true])('screens fit every width from 40 to 200 cells (colour %s)', (colour) => {
  beforeAll(() => configureColor(colour));

  it('list', () => {
    for (const w of WIDTHS) expect(widest(listScreen(ROWS, w, 4)), `width ${w}`).toBeLessThanOrEqual(w);
  });

  it('stats', () => {
    for (const w of WIDTHS) expect(widest(statsScreen(STATS, '/home/someone/.mlops-drill/progress.jsonl', w)), `width ${w}`).toBeLessThanOrEqual(w);
  });
});

describe('list', () => {
  beforeAll(() => configureColor(false));

  it('has a header, aligned columns, due and leech as columns, and a legend', () => {
    const lines = listScreen(ROWS, 120, 4);
    expect(lines[0]).toMatch(/^ {2}id {2,}level {4}type {4}due {3}leech {2}title$/);
    const titleAt = lines[0]!.indexOf('title');
    ROWS.forEach((r, i) => {
      const line = lines[i + 1]!;
      expect(displayWidth(line.slice(0, line.indexOf(r.title.slice(0, 3)))), r.id).toBe(titleAt);
    });
    expect(lines[1]).toMatch(/^✔ cicd-extra\S+ {2}hard {5}choice {2}due {3}leech {2}Checks/);
    expect(lines[2]).toMatch(/^· serving-日本 +easy {5}output {15}モデル/);
    // A suspended question says so instead of due: it is not asked.
    expect(lines[3]).toMatch(/^– x +medium {3}open {4}susp {9}Short$/);
    expect(lines.slice(-2).join(' ')).toMatch(/✔ right last time.*✘ missed last time.*– skipped.*· not asked yet.*due: due for review now.*leech: forgotten 4 times or more.*susp: suspended \(see: unsuspend\)/);
    expect(listScreen(ROWS.slice(0, 2), 120, 4).join('\n')).not.toContain('susp');
  });

  it('shows a question without a difficulty as unrated, in the same column', () => {
    const row = { ...ROWS[0]!, id: 'imported-1', difficulty: 'medium' as const, unrated: true };
    const lines = listScreen([row, { ...row, id: 'rated-1', unrated: false }], 120, 4);
    expect(lines[1]).toMatch(/^✔ imported-1 {2}unrated {2}choice/);
    expect(lines[2]).toMatch(/^✔ rated-1 {5}medium {3}choice/);
  });

  it('shortens titles with … at 80 columns and keeps ids whole', () => {
    const lines = listScreen(ROWS, 80, 4);
    expect(lines.some((l) => l.endsWith('…'))).toBe(true);
    for (const r of ROWS) expect(lines.some((l) => l.includes(r.id))).toBe(true);
  });

  it('takes two lines per question when the ids leave no room for titles', () => {
    const lines = listScreen(ROWS, 40, 4);
    const id = lines.find((l) => l.startsWith('✔ cicd-extra'))!;
    expect(id.endsWith('…') && displayWidth(id) === 40).toBe(true);
    expect(lines[lines.indexOf(id) + 1]).toMatch(/^ {4}hard {5}choice {2}due {3}leech {2}Check.*…$/);
  });
});

describe('stats', () => {
  beforeAll(() => configureColor(false));
  const text = (s: Stats = STATS, w = 80) => statsScreen(s, '/p', w).join('\n');

  it('labels the columns of the bars, and names due now apart from later today', () => {
    expect(text(STATS, 120)).toMatch(/difficulty {2}seen {35}right {2}mastered/);
    expect(text(STATS, 40)).toMatch(/difficulty {3}seen {2}right {2}mastered/);
    expect(text()).toContain('due now: 3');
    expect(text()).toContain('due later today: 0');
    expect(text()).toMatch(/next 6 days: {2}03-11 111 {2}03-12 222/);
  });

  it('says "1 day" and "1 answer", and shows no streak for a deck nobody has answered', () => {
    expect(text()).toContain('streak 1 day');
    expect(text()).not.toContain('day(s)');
    const fresh: Stats = { ...STATS, seen: 0, answered: 0, correct: 0, accuracy: null, streakDays: 1, weakest: [] };
    expect(text(fresh)).not.toContain('streak');
    // Only skipped: seen, yet no answer, so no streak either.
    expect(text({ ...fresh, seen: 1 })).not.toContain('streak');
    expect(text({ ...STATS, answered: 1 })).toContain('· 1 answer ·');
  });

  it('shows a weak question as right out of answered (skips apart), in aligned columns', () => {
    const lines = statsScreen(STATS, '/p', 100);
    const at = lines.indexOf(lines.find((l) => l.includes('Weakest'))!);
    expect(lines[at + 1]).toMatch(/^ {2}id {2,}right {2}leech {2}title$/);
    expect(lines[at + 2]).toMatch(/^ {2}monitoring-psi-binned-with-a-long-id-indeed {3}1\/10 {2}leech {2}Binned PSI/);
    expect(lines[at + 3]).toMatch(/^ {2}q {46}0\/1 {9}タイトル$/);
  });

  it('drops the bars when there is no room and keeps the figures', () => {
    const table = (w: number) => statsScreen(STATS, '/p', w).filter((l) => /^ {2}(easy|medium|hard) /.test(l)).join('\n');
    expect(table(40)).not.toContain('█');
    expect(table(40)).toMatch(/easy +20\/40 +67% +10/);
    expect(table(120)).toContain('█');
  });

  it('draws the calendar with characters for shades without colour: 26 weeks at 80 columns, fewer at 40', () => {
    const lines = statsScreen(STATS, '/p', 80);
    const at = lines.findIndex((l) => l === 'Calendar, last 26 weeks');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {6}\S{3} /);
    // 2024-03-10 is a Sunday: the last column holds the week of 03-04 (busiest: █) and 03-09, 03-10.
    expect(lines[at + 2]).toMatch(/^ {2}Mon( ·){25} █$/);
    expect(lines[at + 7]).toMatch(/^ {5}( ·){25} ░$/);
    expect(lines[at + 8]).toMatch(/^ {2}Sun( ·){25} ░$/);
    expect(lines[at + 9]).toBe('  less · ░ ▒ ▓ █ more');
    expect(statsScreen(STATS, '/p', 40)).toContain('Calendar, last 17 weeks');
  });

  it('shows answers per day, true retention and the flagged questions', () => {
    const t = text();
    expect(text(STATS, 100)).toMatch(/answers, last 7 days: {2}03-04 40 {2}03-05 0 .* {2}03-10 12/);
    expect(t).toContain('last 30 days: 61 answers · 3 days practised · 2 a day on average');
    expect(t).toContain('true retention, last 30 days: 88% · 21 of 24 reviews recalled');
    expect(t).toContain('2 questions flagged: mlops-drill list --flagged');
    const none = text({ ...STATS, retention: { ...STATS.retention, reviews: 0, recalled: 0, rate: null }, flagged: { count: 0, ids: [] } });
    expect(none).toContain('true retention, last 30 days: – · no reviews of learned questions yet');
    expect(none).not.toContain('flagged');
    const few = text({ ...STATS, days: [{ date: '2024-03-10', answers: 1, correct: 1 }] });
    expect(few).toContain('last 30 days: 1 answer · 1 day practised · under 1 a day on average');
  });

  it('says there is nothing to draw yet for a learner with no answers', () => {
    const t = text({ ...STATS, days: [] });
    expect(t).toContain('no answers yet: each day you practise fills a cell');
    expect(t).not.toContain('less');
  });

  it('shades cells by colour when colour is on, squares instead of characters', () => {
    configureColor(true);
    try {
      const lines = statsScreen(STATS, '/p', 80);
      const mon = lines.find((l) => l.includes('Mon'))!;
      expect(mon).toContain('\u001b[38;5;40m■');
      expect(mon).not.toContain('█');
    } finally {
      configureColor(false);
    }
  });
});
