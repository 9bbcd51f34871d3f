// The language of a discussion (issue 7). English unless the server renders it inside an
// <I18nContext.Provider> with another language's translator (the embed does); the browser
// bundle therefore carries no catalogue.
import { createContext } from 'preact';
import { english, type Translator } from '../../../i18n/translate.js';

export const I18nContext = createContext<Translator>(english);
