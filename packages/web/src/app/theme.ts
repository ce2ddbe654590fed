/**
 * The console's look: NHS identity colours, calm and dense. Urgency is always colour AND
 * words (a band never relies on colour alone), and every colour pairing used for text meets
 * WCAG AA contrast (checked by the axe runs in e2e/).
 */
import { Alert, createTheme, type MantineColorsTuple, Modal, Notification } from '@mantine/core';

// NHS identity palette (service manual): blue #005eb8, dark blue #003087, red #d5281b,
// warm yellow #ffb81c, green #007f3b, mid grey #425563, text #212b32, pale grey #f0f4f5.
export const NHS = {
  blue: '#005eb8',
  darkBlue: '#003087',
  red: '#d5281b',
  amber: '#ffb81c',
  green: '#007f3b',
  grey: '#425563',
  text: '#212b32',
  secondaryText: '#4c6272',
  paleGrey: '#f0f4f5',
  border: '#d8dde0',
  focus: '#ffeb3b',
} as const;

const nhsBlue: MantineColorsTuple = [
  '#e6f0f9',
  '#cce0f3',
  '#99c1e6',
  '#66a2da',
  '#3383cd',
  '#0c6bc2',
  '#005eb8',
  '#004f9b',
  '#003f7c',
  '#003087',
];
const nhsRed: MantineColorsTuple = [
  '#fbeae8',
  '#f6d0cc',
  '#eda29a',
  '#e37468',
  '#dc4c3d',
  '#d83a2a',
  '#d5281b',
  '#b32216',
  '#8f1b12',
  '#6b140d',
];
const nhsGreen: MantineColorsTuple = [
  '#e5f2eb',
  '#cce5d8',
  '#99cbb1',
  '#66b28a',
  '#339863',
  '#198b4f',
  '#007f3b',
  '#006b32',
  '#005628',
  '#00401e',
];
const nhsAmber: MantineColorsTuple = [
  '#fff8e8',
  '#fff1d2',
  '#ffe3a4',
  '#ffd477',
  '#ffc649',
  '#ffbf33',
  '#ffb81c',
  '#d99c18',
  '#b38113',
  '#8c650f',
];
const nhsGrey: MantineColorsTuple = [
  '#f0f4f5',
  '#e8edee',
  '#d8dde0',
  '#aeb7bd',
  '#768692',
  '#5c6c78',
  '#425563',
  '#384854',
  '#2e3b45',
  '#212b32',
];

// Mantine's greys, with the shades it uses for secondary text (6 and up) darkened to NHS greys
// so they meet AA contrast on white.
const gray: MantineColorsTuple = [
  '#f8f9fa',
  '#f1f3f5',
  '#e9ecef',
  '#dee2e6',
  '#ced4da',
  '#adb5bd',
  '#5c6c78',
  '#4c6272',
  '#343a40',
  '#212529',
];

export const theme = createTheme({
  primaryColor: 'nhsBlue',
  primaryShade: 6,
  colors: { gray, nhsBlue, nhsRed, nhsGreen, nhsAmber, nhsGrey },
  fontFamily: 'Arial, "Helvetica Neue", Helvetica, system-ui, sans-serif',
  fontFamilyMonospace: '"DejaVu Sans Mono", Menlo, Consolas, monospace',
  headings: { fontFamily: 'Arial, "Helvetica Neue", Helvetica, system-ui, sans-serif', fontWeight: '700' },
  defaultRadius: 'sm',
  black: NHS.text,
  focusRing: 'never',
  cursorType: 'pointer',
  // Dialogs and menus appear at once for anyone whose system asks for reduced motion.
  respectReducedMotion: true,
  components: {
    // Alert titles in the text colour: NHS amber (and pale tints) cannot carry text on white.
    Alert: Alert.extend({ styles: { title: { color: NHS.text }, root: { borderLeftWidth: 6 } } }),
    // Icon-only close buttons need a name for screen readers.
    Modal: Modal.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close' } },
      styles: { title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } },
    }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } }),
    Button: { defaultProps: { size: 'sm' } },
    TextInput: { defaultProps: { size: 'sm' } },
    PasswordInput: { defaultProps: { size: 'sm' } },
    NumberInput: { defaultProps: { size: 'sm' } },
    Select: { defaultProps: { size: 'sm' } },
    MultiSelect: { defaultProps: { size: 'sm' } },
  },
});
