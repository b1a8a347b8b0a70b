// socket.io rooms by scope. A screen or user joins exactly one scope room, so a grid worker's
// socket only ever receives figures and events of their own grid.
import type { Scope } from '../auth/principal.ts';

export function scopeRoom(scope: Scope): string {
  if (scope.gridCode) return `scope:${scope.townshipCode}:grid:${scope.gridCode}`;
  if (scope.villageCode) return `scope:${scope.townshipCode}:village:${scope.villageCode}`;
  return `scope:${scope.townshipCode}`;
}

/** Every room that should hear about something in this grid: township, its village, the grid. */
export function roomsForGrid(townshipCode: string, grid: { code: string; villageCode: string }): string[] {
  return [
    scopeRoom({ townshipCode }),
    scopeRoom({ townshipCode, villageCode: grid.villageCode }),
    scopeRoom({ townshipCode, gridCode: grid.code }),
  ];
}

/** Room of everything one session or token opened, so sign-out or revocation can close them all. */
export function principalRoom(kind: string, id: number): string {
  return `principal:${kind}:${id}`;
}

/** Every screen and person of a township, whatever their scope: for room-wide news such as a mode switch. */
export function townshipRoom(townshipCode: string): string {
  return `township:${townshipCode}`;
}
