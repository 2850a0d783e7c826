/** The emblem lives in src-ui (shared with the department console). */
export { Emblem } from '../../src-ui/Emblem';
