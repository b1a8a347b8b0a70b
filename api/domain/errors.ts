// Errors the domain raises on purpose: a stable code and a message for people (what is wrong and
// what to do). The domain knows nothing of HTTP; the edge (api/http/errors.ts) maps each code to a
// status, in one table.
import type { ErrorBody } from '../../contract/api.ts';

export type DomainErrorCode = Extract<ErrorBody['error'],
  | 'validation' | 'outside_township' | 'unknown_device' | 'unknown_reference' | 'out_of_range'
  | 'not_found' | 'forbidden' | 'conflict' | 'unauthorized' | 'account_locked' | 'account_disabled'>;

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly issues?: ErrorBody['issues'],
  ) {
    super(message);
  }
}
