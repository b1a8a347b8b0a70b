// The wall's dispatch board (screen/wall/composables/openTasks.ts): the hub's open tasks, then every
// task:updated after them. Whatever order the facts come in, the board holds exactly the tasks whose
// latest state is open, each once; late ones first, then by due time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskSummary } from '../../contract/closedLoop.ts';
import { OPEN_TASK_STATUSES, TASK_STATUSES } from '../../contract/domain.ts';
import { applyTask, openOnly } from '../../screen/wall/composables/openTasks.ts';
import { boardOrder, isLate } from '../../screen/shared/taskBoard.ts';
import { durationParts } from '../../screen/shared/duration.ts';

const NOW = Date.UTC(2026, 10, 21, 6, 0);
const MINUTE = 60_000;

const task = (id: number, status: TaskSummary['status'], dueInMinutes: number): TaskSummary => ({
  id, eventId: 1, eventNumber: 'E1', eventTitle: '事件', eventSource: 'grid_patrol', gridCode: 'G', party: { kind: 'force', code: `F${id}`, name: `力量${id}` },
  status, instructions: '', createdAt: new Date(NOW - 60 * MINUTE).toISOString(), createdBy: 'duty', statusAt: new Date(NOW - 5 * MINUTE).toISOString(),
  dueAt: new Date(NOW + dueInMinutes * MINUTE).toISOString(), reason: null, feedback: null,
});

const facts = fc.array(
  fc.record({ id: fc.integer({ min: 1, max: 8 }), status: fc.constantFrom(...TASK_STATUSES), due: fc.integer({ min: -120, max: 240 }) }),
  { maxLength: 40 },
).map((steps) => steps.map(({ id, status, due }) => task(id, status, due)));

const lastOpen = (stream: TaskSummary[]) =>
  [...new Map(stream.map((t) => [t.id, t])).values()].filter((t) => OPEN_TASK_STATUSES.includes(t.status));

describe('the wall\'s dispatch board', () => {
  it('after any stream of pushes holds exactly the tasks last seen notified, accepted or arrived, each once', () => {
    fc.assert(fc.property(facts, (stream) => {
      const board = stream.reduce<TaskSummary[]>(applyTask, []);
      const byId = (list: TaskSummary[]) => [...list].sort((a, b) => a.id - b.id);
      expect(byId(board)).toEqual(byId(lastOpen(stream)));
    }));
  });

  it('drops a task as it is done, refused or cancelled', () => {
    for (const status of ['done', 'refused', 'cancelled'] as const) {
      expect(applyTask([task(1, 'accepted', 30), task(2, 'notified', 30)], task(1, status, 30)).map((t) => t.id)).toEqual([2]);
    }
  });

  it('takes the hub\'s list as open tasks only, once each', () => {
    expect(openOnly([task(1, 'notified', 5), task(2, 'done', 5), task(1, 'arrived', 5)]).map((t) => [t.id, t.status])).toEqual([[1, 'arrived']]);
  });

  it('orders late tasks first, then the earliest due, then the oldest', () => {
    fc.assert(fc.property(facts, (stream) => {
      const ordered = boardOrder(lastOpen(stream), NOW);
      for (let i = 1; i < ordered.length; i++) {
        const [a, b] = [ordered[i - 1]!, ordered[i]!];
        if (isLate(a, NOW) !== isLate(b, NOW)) expect(isLate(a, NOW)).toBe(true);
        else expect(Date.parse(a.dueAt) < Date.parse(b.dueAt) || (a.dueAt === b.dueAt && a.id < b.id)).toBe(true);
      }
    }));
  });

  it('counts a task late only after its due time', () => {
    expect(isLate(task(1, 'notified', 0), NOW)).toBe(false);
    expect(isLate(task(1, 'notified', 0), NOW + 1)).toBe(true);
  });
});

describe('durations on the board', () => {
  it('names the two largest units that matter', () => {
    expect(durationParts(42_000)).toEqual({ key: 'seconds', values: { d: 0, h: 0, m: 0, s: 42 } });
    expect(durationParts(12 * MINUTE + 5_000)).toMatchObject({ key: 'minutes', values: { m: 12 } });
    expect(durationParts(3 * 60 * MINUTE + 12 * MINUTE)).toMatchObject({ key: 'hours', values: { h: 3, m: 12 } });
    expect(durationParts(2 * 24 * 60 * MINUTE + 4 * 60 * MINUTE)).toMatchObject({ key: 'days', values: { d: 2, h: 4 } });
  });

  it('reads a time in the past as its length, and nonsense as nothing', () => {
    expect(durationParts(-90_000)).toMatchObject({ key: 'minutes', values: { m: 1 } });
    expect(durationParts(Number.NaN)).toEqual({ key: 'seconds', values: { d: 0, h: 0, m: 0, s: 0 } });
  });
});
