// Sign-in, sign-out and the password (POST /auth/login, /auth/logout, /auth/password).
import type { LoginResponse } from '../../../contract/api.ts';
import { requestJson } from '../../shared/hubApi.ts';
import { post } from './client.ts';

/** Without a session: a wrong password is a 401 for this form, not an expired session. */
export const login = (username: string, password: string) =>
  requestJson<LoginResponse>('/auth/login', { method: 'POST', body: { username, password } });

export const logout = () => post<void>('/auth/logout');

export const changePassword = (currentPassword: string, newPassword: string) =>
  post<void>('/auth/password', { currentPassword, newPassword });
