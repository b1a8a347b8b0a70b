// The console's dispatch plan: the recommendation taken as it stands (department, then each
// run-card line's first `count` candidates), parties toggled in and out, and the request body that
// the contract's DispatchInput accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ForceCandidate, Recommendation } from '../../contract/closedLoop.ts';
import { DispatchInput } from '../../contract/schemas.ts';
import { defaultDueMinutes, dispatchInput, DUE_MINUTES, OVERDUE_DUE_MINUTES, partyKey, recommendedPlan, toggleParty } from '../../screen/console/composables/dispatchPlan.ts';

const force = (code: string, kind: ForceCandidate['kind'], distanceM: number): ForceCandidate => ({
  code, name: `力量${code}`, kind, departmentCode: null, members: 10, lon: 119.1, lat: 29.1, distanceM, etaMinutes: 5,
});

const recommendation: Recommendation = {
  eventId: 1, itemCode: 'embankment_seepage', level: 'major',
  department: { code: 'DEP-WATER', name: '水利站', kind: 'water', villageCode: null, contactName: '毛', phone: '0570****22', lon: 119.1, lat: 29.1, forces: [] },
  lines: [
    { kind: 'emergency_team', count: 2, candidates: [force('E1', 'emergency_team', 900), force('E2', 'emergency_team', 1700), force('E3', 'emergency_team', 2000)] },
    { kind: 'militia', count: 1, candidates: [force('M1', 'militia', 400), force('M2', 'militia', 800)] },
    { kind: 'police', count: 1, candidates: [] },
  ],
  workers: [],
};
const defaults = { instructions: '请尽快前往', dueMinutes: 60 };

describe('the console\'s dispatch plan', () => {
  it('takes the department and each line\'s nearest `count` free forces, and nothing when none is free', () => {
    expect(recommendedPlan(recommendation, defaults).map(partyKey)).toEqual(['department:DEP-WATER', 'force:E1', 'force:E2', 'force:M1']);
    expect(recommendedPlan({ ...recommendation, department: null, lines: [] }, defaults)).toEqual([]);
  });

  it('toggles a party in once and out again, whatever the order of the clicks', () => {
    const parties = ['E1', 'E2', 'E3', 'M1'].map((code) => ({ kind: 'force' as const, code, name: code }));
    fc.assert(fc.property(fc.array(fc.constantFrom(...parties)), (clicks) => {
      const plan = clicks.reduce((p, party) => toggleParty(p, party, defaults), recommendedPlan(recommendation, defaults));
      for (const party of parties) {
        const initially = ['E1', 'E2', 'M1'].includes(party.code);
        const toggles = clicks.filter((c) => c.code === party.code).length;
        expect(plan.filter((p) => p.code === party.code)).toHaveLength(initially !== (toggles % 2 === 1) ? 1 : 0);
      }
    }));
  });

  it('makes a body the contract accepts', () => {
    const body = dispatchInput(recommendedPlan(recommendation, defaults), '  雨大，注意安全 ');
    expect(DispatchInput.safeParse(body).success).toBe(true);
    expect(body.note).toBe('雨大，注意安全');
    expect(dispatchInput([], '').tasks).toEqual([]);
    expect(DispatchInput.safeParse(dispatchInput([], '')).success).toBe(false);
  });

  it('makes tasks due by the event\'s deadline, within the contract\'s bounds, and soon when it has passed', () => {
    const now = Date.UTC(2026, 10, 21, 8);
    const at = (minutes: number) => ({ deadlineAt: new Date(now + minutes * 60_000).toISOString() });
    expect(defaultDueMinutes(at(90), now)).toBe(90);
    expect(defaultDueMinutes(at(60 * 24 * 30), now)).toBe(DUE_MINUTES.max);
    expect(defaultDueMinutes(at(2), now)).toBe(OVERDUE_DUE_MINUTES);
    expect(defaultDueMinutes(at(-120), now)).toBe(OVERDUE_DUE_MINUTES);
  });
});
