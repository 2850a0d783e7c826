/**
 * The Content-Security-Policy both hosts (Electron's app:// protocol and the browser
 * host) send with the renderer. Scripts only from the app itself; the only network
 * peer is the provincial center the settings name.
 */
export function buildCsp(centerUrl: string): string {
  let center: string;
  try {
    center = new URL(centerUrl).origin;
  } catch {
    center = '';
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    // antd's CSS-in-JS injects <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${center ? ` ${center}` : ''}`,
    "worker-src 'self' blob:",
    "media-src 'self' blob: mediastream:",
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers sent with every renderer response, whatever the host. */
export function securityHeaders(centerUrl: string): Record<string, string> {
  return {
    'Content-Security-Policy': buildCsp(centerUrl),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'geolocation=(), microphone=(), payment=(), usb=()',
  };
}
