// The wall's credential: a display token handed in once as ?token=… in the wall's link. It is kept in
// localStorage (the screen survives reloads and browser restarts) and removed from the address bar
// so it does not show on the wall or in screenshots.
const STORAGE_KEY = 'command-wall.display-token';

function readToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      window.localStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // storage disabled: the token lives only as long as this page
    }
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Read once per page load. */
export const displayToken: string | null = readToken();

export function authHeaders(): Record<string, string> {
  return displayToken ? { authorization: `Bearer ${displayToken}` } : {};
}
