// Who is signed in to this console tab: the session token and the account, kept in sessionStorage
// (one shift per tab; closing the tab forgets it). Module-level state, one per page.
import { computed, shallowRef } from 'vue';
import type { LoginResponse } from '../../../contract/api.ts';
import type { Role } from '../../../contract/domain.ts';
import { canRole, type ConsoleAction } from './permissions.ts';

const STORAGE_KEY = 'command-wall.console-session';

export interface Session {
  token: string;
  expiresAt: string;
  mustChangePassword: boolean;
  user: LoginResponse['user'] & { role: Role };
}

/** Why the console went back to sign-in, for the sign-in page to say. */
export type SignedOutReason = 'signed_out' | 'expired' | null;

function read(): Session | null {
  try {
    const stored = window.sessionStorage.getItem(STORAGE_KEY);
    return stored ? (JSON.parse(stored) as Session) : null;
  } catch {
    return null;
  }
}

function write(value: Session | null): void {
  try {
    if (value) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: the session lives as long as this page
  }
}

export const session = shallowRef<Session | null>(read());
export const signedOutReason = shallowRef<SignedOutReason>(null);

function set(value: Session | null): void {
  session.value = value;
  write(value);
}

export function startSession(login: LoginResponse): void {
  signedOutReason.value = null;
  set({ token: login.token, expiresAt: login.expiresAt, mustChangePassword: login.mustChangePassword, user: { ...login.user, role: login.user.role as Role } });
}

/** Signed out, or the hub no longer knows the token (401): back to sign-in. */
export function endSession(reason: Exclude<SignedOutReason, null>): void {
  if (!session.value) return;
  signedOutReason.value = reason;
  set(null);
}

export function setMustChangePassword(must: boolean): void {
  if (session.value && session.value.mustChangePassword !== must) set({ ...session.value, mustChangePassword: must });
}

export const role = computed<Role | null>(() => session.value?.user.role ?? null);

/** Whether the signed-in role may take an action at all (the hub still decides each time). */
export function can(action: ConsoleAction): boolean {
  return role.value !== null && canRole(role.value, action);
}
