// Requests with the console's session. A 401 means the hub no longer knows the token (expired,
// signed out elsewhere, revoked): the session ends and the console goes back to sign-in. A 403
// password_change_required sends it to the password page. Every other refusal reaches the caller,
// which shows the hub's message.
import { HubError, requestJson, type RequestOptions } from '../../shared/hubApi.ts';
import { endSession, session, setMustChangePassword } from '../composables/session.ts';

export async function hub<T>(route: string, options: Omit<RequestOptions, 'token'> = {}): Promise<T> {
  try {
    return await requestJson<T>(route, { ...options, token: session.value?.token ?? null });
  } catch (error) {
    if (error instanceof HubError && error.status === 401) endSession('expired');
    if (error instanceof HubError && error.code === 'password_change_required') setMustChangePassword(true);
    throw error;
  }
}

export const post = <T>(route: string, body?: unknown, signal?: AbortSignal) => hub<T>(route, { method: 'POST', body: body ?? {}, signal });
