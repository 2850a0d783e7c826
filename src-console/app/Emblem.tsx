/** The product mark, shared with the clerk app. */
export { Emblem } from '../../src-ui/Emblem';
