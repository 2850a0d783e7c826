/**
 * Browser mode: the launch URL carries the per-launch token in the fragment
 * (#token=…). It is read once, kept in sessionStorage so reloads keep working, and
 * removed from the address bar (the hash route stays).
 */
export const TOKEN_STORAGE_KEY = 'yichuang.clerkApiToken';

/** Split a token out of a location hash: "#token=abc", "#/intake?token=abc&x=1". */
export function extractToken(hash: string): { token: string | null; hash: string } {
  const h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const [route, query] = h.startsWith('/') ? (q >= 0 ? [h.slice(0, q), h.slice(q + 1)] : [h, '']) : ['', h];
  const params = new URLSearchParams(query);
  const raw = params.get('token');
  if (raw === null) return { token: null, hash };
  params.delete('token');
  const rest = params.toString();
  const newHash = route + (rest ? (route ? '?' : '') + rest : '');
  const token = raw.trim();
  return { token: token && token.length <= 1024 ? token : null, hash: newHash ? '#' + newHash : '' };
}

interface TokenEnv {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

function safeStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Take the token from the address bar if it is there (a fresh launch wins over a stored
 * one), else from sessionStorage. Call before the router reads the location.
 */
export function takeLaunchToken(env: TokenEnv = { location: window.location, history: window.history, storage: safeStorage() }): string | null {
  const { token, hash } = extractToken(env.location.hash);
  if (token) {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      /* storage full or disabled: the token still works for this page */
    }
    env.history.replaceState(env.history.state, '', env.location.pathname + env.location.search + hash);
    return token;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
