/** Navigation state shared by the shell and pages (kept apart from routes.tsx to avoid cycles). */

/** Navigation state asking the intake page to focus the catalog search. */
export interface FocusSearchState {
  focusSearch: number;
}
