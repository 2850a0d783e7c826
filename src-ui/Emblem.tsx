/** The product mark: a service window (a framed counter) drawn inline, no remote asset. */
export function Emblem({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="30" height="30" rx="5" fill="#c8102e" />
      <rect x="6" y="6" width="20" height="13" rx="1.5" fill="none" stroke="#fff" strokeWidth="2" />
      <path d="M16 6v13M6 12.5h20" stroke="#fff" strokeWidth="1.6" />
      <rect x="4" y="21.5" width="24" height="3" rx="1" fill="#fff" />
      <path d="M9 24.5v3.5M23 24.5v3.5" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
