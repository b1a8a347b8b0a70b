// The console hides what a role cannot use from its own copy of the hub's tables: that copy must
// agree with api/auth/permissions.ts and api/domain/events/flow.ts cell by cell, or buttons would
// show that the hub refuses (or hide what it allows).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../api/auth/permissions.ts';
import { TRANSITIONS } from '../../api/domain/events/flow.ts';
import { EVENT_STATUSES, ROLES, TASK_STATUSES, type Role } from '../../contract/domain.ts';
import {
  canRole, CONSOLE_ACTIONS, CONSOLE_PERMISSIONS, eventActions, hasConsole, LOOP_STEPS, taskAnswers, TASK_ANSWER_STEPS,
} from '../../screen/console/composables/permissions.ts';

const PEOPLE = ROLES.filter((role) => role !== 'display');

describe('the console\'s permission table', () => {
  it('grants each role exactly what the hub grants it, for every action the console uses', () => {
    for (const action of CONSOLE_ACTIONS) {
      for (const role of PEOPLE) {
        const hub = (PERMISSIONS[action] as readonly string[]).includes(role);
        expect(CONSOLE_PERMISSIONS[action].includes(role), `${role} × ${action}`).toBe(hub);
      }
    }
  });

  it('gives a console to the room, the field and the administrator (its catalogue), and none to a wall\'s display', () => {
    expect(ROLES.filter(hasConsole)).toEqual(['leader', 'duty_officer', 'grid_leader', 'grid_worker', 'admin']);
    // The administrator's console has no live link: the hub's socket takes only those who may read the figures.
    expect(canRole('admin', 'stats.read')).toBe(false);
    expect(canRole('admin', 'events.read')).toBe(false);
    expect(canRole('admin', 'catalogue.manage')).toBe(true);
  });

  it('knows the closed loop\'s steps as the hub does', () => {
    expect(LOOP_STEPS).toEqual(TRANSITIONS);
  });

  it('offers a step only from a status the hub takes it from, to a role the hub lets take it', () => {
    fc.assert(fc.property(fc.constantFrom(...PEOPLE), fc.constantFrom(...EVENT_STATUSES), fc.boolean(), (role: Role, status, escalated) => {
      const actions = eventActions(role, { status, escalatedAt: escalated ? '2026-11-21T00:00:00Z' : null });
      const grants = (action: keyof typeof PERMISSIONS) => (PERMISSIONS[action] as readonly string[]).includes(role);
      for (const action of actions) {
        if (action === 'send_back') {
          expect(status).toBe('verifying');
          expect(grants('events.verify')).toBe(true);
        } else if (action === 'dispatch') {
          expect(['accepted', 'assigned', 'handling']).toContain(status);
          expect(grants('events.dispatch')).toBe(true);
        } else if (action === 'supervise' || action === 'escalate') {
          expect(['closed', 'evaluated']).not.toContain(status);
          expect(grants(`events.${action}`)).toBe(true);
          if (action === 'escalate') expect(escalated).toBe(false);
        } else {
          expect(TRANSITIONS[action].from).toContain(status);
          expect(grants(TRANSITIONS[action].action)).toBe(true);
        }
      }
    }));
  });

  it('shows a leader close on a verifying event and evaluate on a closed one, and a duty officer neither', () => {
    expect(eventActions('leader', { status: 'verifying', escalatedAt: null })).toEqual(['send_back', 'closed', 'supervise', 'escalate']);
    expect(eventActions('leader', { status: 'closed', escalatedAt: null })).toEqual(['evaluated']);
    expect(eventActions('duty_officer', { status: 'verifying', escalatedAt: null })).toEqual(['send_back', 'supervise', 'escalate']);
    expect(eventActions('grid_worker', { status: 'feedback', escalatedAt: null })).toEqual([]);
    expect(eventActions('admin', { status: 'accepted', escalatedAt: null })).toEqual([]);
  });

  it('lets only the room record a party\'s answer, in the steps a task takes', () => {
    for (const status of TASK_STATUSES) {
      expect(taskAnswers('grid_leader', status)).toEqual([]);
      for (const answer of taskAnswers('duty_officer', status)) expect(TASK_ANSWER_STEPS[answer]).toContain(status);
    }
    expect(taskAnswers('leader', 'notified')).toEqual(['accepted', 'refused', 'cancelled']);
    expect(taskAnswers('leader', 'done')).toEqual([]);
  });
});
