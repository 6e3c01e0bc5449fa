import { describe, expect, it } from 'vitest';
import { applyDailyLimits, countToday } from '../../src/daily.js';
import { summarise } from '../../src/progress/summary.js';
import { answer } from '../builders.js';

const tallies = (answers: Parameters<typeof summarise>[0]) => summarise(answers).tallies.values();

// Local times (no Z): the learning day is a local notion, so the test holds in any TZ.
describe('counting today', () => {
  const now = new Date('2026-05-10T21:00:00');

  it('counts new questions and reviews of the learning day, not cram or skips', () => {
    const answers = [
      answer('old', '2026-05-08T10:00:00', 'good'),
      answer('old', '2026-05-10T09:00:00', 'good'),
      answer('new1', '2026-05-10T09:05:00', 'again'),
      answer('new1', '2026-05-10T09:15:00', 'good'),
      answer('new2', '2026-05-11T01:00:00', 'good'),
      answer('crammed', '2026-05-10T10:00:00', 'good', 'cram'),
      answer('skipped', '2026-05-10T10:00:00', null),
      answer('yesterday', '2026-05-10T03:00:00', 'good'),
    ];
    expect(countToday(tallies(answers), now, 4)).toEqual({ newToday: 2, reviewsToday: 1 });
  });

  it('moves an answer at 3 a.m. to the day before when the day starts at 4', () => {
    const answers = [answer('late', '2026-05-10T03:00:00', 'good')];
    expect(countToday(tallies(answers), new Date('2026-05-10T12:00:00'), 4).newToday).toBe(0);
    expect(countToday(tallies(answers), new Date('2026-05-10T12:00:00'), 0).newToday).toBe(1);
  });
});

describe('applying the limits', () => {
  const due = ['d1', 'd2', 'd3'];
  const fresh = ['n1', 'n2', 'n3', 'n4'];

  it('gives only the new questions left today, and says so', () => {
    const r = applyDailyLimits(due, fresh, { newToday: 8, reviewsToday: 0 }, { newPerDay: 10, reviewsPerDay: null });
    expect(r.due).toEqual(due);
    expect(r.fresh).toEqual(['n1', 'n2']);
    expect(r.notes).toEqual(["2 of today's 10 new questions are left"]);
  });

  it('gives no new question once the limit is reached, and names the way to get more', () => {
    const r = applyDailyLimits(due, fresh, { newToday: 10, reviewsToday: 0 }, { newPerDay: 10, reviewsPerDay: null });
    expect(r.fresh).toEqual([]);
    expect(r.notes[0]).toMatch(/today's 10 new questions are done; 4 more wait for tomorrow.*config set new-per-day 20/);
  });

  it('caps reviews when a review limit is set', () => {
    const r = applyDailyLimits(due, fresh, { newToday: 0, reviewsToday: 4 }, { newPerDay: 10, reviewsPerDay: 5 });
    expect(r.due).toEqual(['d1']);
    expect(r.notes).toEqual(["1 of today's 5 reviews are left; 2 due reviews wait for tomorrow (practise without scheduling: mlops-drill drill --cram)"]);
  });

  it('says nothing about a limit the session would not reach anyway', () => {
    const r = applyDailyLimits(due, fresh, { newToday: 0, reviewsToday: 0 }, { newPerDay: 2, reviewsPerDay: null, room: 4 });
    expect(r.fresh).toEqual(['n1', 'n2']);
    expect(r.notes).toEqual([]);
    expect(applyDailyLimits(due, fresh, { newToday: 0, reviewsToday: 0 }, { newPerDay: 2, reviewsPerDay: null, room: 6 }).notes).toEqual(["2 of today's 2 new questions are left"]);
  });

  it('says nothing when everything fits', () => {
    expect(applyDailyLimits(due, fresh, { newToday: 0, reviewsToday: 0 }, { newPerDay: 10, reviewsPerDay: null }).notes).toEqual([]);
  });
});
