/** The console's look: the shared government-service palette of src-ui, unchanged. */
export { BRAND, theme } from '../../src-ui/theme';
