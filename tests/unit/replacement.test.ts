// Replacing a refused task on the console's event page: which refusals are still open to replace,
// and who the next nearest is (the hub's recommendation already leaves out whoever refused).
import { describe, expect, it } from 'vitest';
import type { ForceCandidate, Recommendation, TaskSummary, WorkerCandidate } from '../../contract/closedLoop.ts';
import { nextNearest, unreplacedRefusals } from '../../screen/console/composables/replacement.ts';

const T0 = Date.UTC(2026, 11, 1, 8, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function task(id: number, kind: TaskSummary['party']['kind'], code: string, status: TaskSummary['status'], createdMin: number, statusMin: number): TaskSummary {
  return {
    id, eventId: 1, eventNumber: '330825101-20261201-0001', eventTitle: '渗水', eventSource: 'grid_patrol', gridCode: 'G1', party: { kind, code, name: code }, status,
    instructions: '前往现场', createdAt: at(createdMin), createdBy: 'user:duty', statusAt: at(statusMin), dueAt: at(createdMin + 60),
    reason: status === 'refused' ? '车辆故障' : null, feedback: null,
  };
}

const force = (code: string, kind: ForceCandidate['kind'], distanceM: number): ForceCandidate => ({
  code, name: code, kind, departmentCode: null, members: 8, lon: 119.1, lat: 29.1, distanceM, etaMinutes: 9,
});
const worker = (code: string, ownGrid: boolean, distanceM: number): WorkerCandidate =>
  ({ code, name: code, role: 'grid_worker', gridCode: 'G1', ownGrid, distanceM } as WorkerCandidate);

const recommendation: Recommendation = {
  eventId: 1, itemCode: 'x', level: 'major', department: null,
  lines: [
    { kind: 'militia', count: 1, candidates: [force('M2', 'militia', 800), force('M3', 'militia', 1200)] },
    { kind: 'fire', count: 1, candidates: [] },
  ],
  workers: [worker('W2', true, 300), worker('W9', false, 100)],
};
const kinds: Record<string, ForceCandidate['kind']> = { M1: 'militia', F1: 'fire', P1: 'police' };

describe('replacing a refused task', () => {
  it('offers refused forces and workers that nothing of their kind was sent after, never departments', () => {
    const tasks = [
      task(1, 'department', 'DEP', 'refused', 0, 5),
      task(2, 'force', 'M1', 'refused', 0, 10),
      task(3, 'worker', 'W1', 'refused', 0, 12),
      task(4, 'force', 'F1', 'accepted', 0, 3),
    ];
    expect(unreplacedRefusals(tasks).map((t) => t.id)).toEqual([2, 3]);
    // A force sent at or after the refusal replaces it; one sent before does not.
    expect(unreplacedRefusals([...tasks, task(5, 'force', 'M2', 'notified', 10, 10)]).map((t) => t.id)).toEqual([3]);
    expect(unreplacedRefusals([...tasks, task(5, 'force', 'M2', 'notified', 9, 9)]).map((t) => t.id)).toEqual([2, 3]);
    expect(unreplacedRefusals([...tasks, task(6, 'worker', 'W2', 'notified', 20, 20)]).map((t) => t.id)).toEqual([2]);
  });

  it('names the nearest free force of the refused kind, the first worker for a worker, and nobody when there is none', () => {
    const kindOf = (code: string) => kinds[code];
    expect(nextNearest(task(2, 'force', 'M1', 'refused', 0, 10), recommendation, kindOf)).toEqual({ kind: 'force', candidate: recommendation.lines[0]!.candidates[0] });
    expect(nextNearest(task(3, 'worker', 'W1', 'refused', 0, 10), recommendation, kindOf)).toEqual({ kind: 'worker', candidate: recommendation.workers[0] });
    expect(nextNearest(task(4, 'force', 'F1', 'refused', 0, 10), recommendation, kindOf)).toBeNull(); // no free fire engine
    expect(nextNearest(task(7, 'force', 'P1', 'refused', 0, 10), recommendation, kindOf)).toBeNull(); // no police line
    expect(nextNearest(task(8, 'force', 'unknown', 'refused', 0, 10), recommendation, kindOf)).toBeNull();
    expect(nextNearest(task(1, 'department', 'DEP', 'refused', 0, 10), recommendation, kindOf)).toBeNull();
    expect(nextNearest(task(3, 'worker', 'W1', 'refused', 0, 10), { ...recommendation, workers: [] }, kindOf)).toBeNull();
  });
});
