// Who is asking: a signed-in person, a wall screen, or a machine integration. Every request and
// socket carries exactly one principal; anonymous callers get none and are refused.
import type { Role } from '../../contract/domain.ts';

/**
 * What a machine may do: report events, send readings, patrol positions, points actions; answer
 * dispatch tasks as a department's or force's field app (`tasks`); read the escalation outbox as the
 * county centre (`county`).
 */
export const INTEGRATION_SCOPES = ['events', 'readings', 'patrol', 'points', 'tasks', 'county'] as const;
export type IntegrationScope = (typeof INTEGRATION_SCOPES)[number];

/** Where a principal may see and act: the whole township, one village, or one grid. */
export interface Scope {
  townshipCode: string;
  villageCode?: string;
  gridCode?: string;
}

export interface UserPrincipal {
  kind: 'user';
  id: number;
  username: string;
  role: Exclude<Role, 'display'>;
  scope: Scope;
  workerCode: string | null;
  sessionId: number;
  expiresAt: Date;
  /** An initial or reset password is still in use: only the password change is allowed. */
  mustChangePassword: boolean;
}

export interface DisplayPrincipal {
  kind: 'display';
  id: number;
  role: 'display';
  name: string;
  scope: Scope;
  expiresAt: Date | null;
}

export interface IntegrationPrincipal {
  kind: 'integration';
  id: number;
  name: string;
  scopes: IntegrationScope[];
  scope: Scope;
}

export type Principal = UserPrincipal | DisplayPrincipal | IntegrationPrincipal;

/** How the principal is named in the audit log and event logs. */
export function actorName(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.username}`;
    case 'display':
      return `display:${principal.id}:${principal.name}`;
    case 'integration':
      return `key:${principal.id}:${principal.name}`;
  }
}
