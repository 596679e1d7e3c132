import { LOCALES } from '@gonghui/contract';
import { loadLanguage } from './i18n';

// The app loads a language's words before it renders (main.tsx); the tests read both languages.
await Promise.all(LOCALES.map(loadLanguage));
