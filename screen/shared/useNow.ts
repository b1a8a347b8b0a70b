// The current time as a ref, ticking once a second; the timer stops with the caller's scope.
import { onScopeDispose, shallowRef } from 'vue';

const TICK_MS = 1000;

export function useNow() {
  const now = shallowRef(new Date());
  const timer = setInterval(() => (now.value = new Date()), TICK_MS);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
