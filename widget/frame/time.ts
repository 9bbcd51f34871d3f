// Relative times ("5 minutes ago") in the frame's language; the server writes absolute ones.
import { state } from './state.js';

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];
let rtf: Intl.RelativeTimeFormat | undefined;

export function relativeTimes(): void {
  rtf ??= new Intl.RelativeTimeFormat(state.lang, { numeric: 'auto' });
  const now = Date.now();
  for (const el of document.querySelectorAll<HTMLTimeElement>('time[datetime]')) {
    let value = (Date.parse(el.dateTime) - now) / 1000;
    if (Number.isNaN(value)) continue;
    if (!el.title) el.title = el.textContent ?? '';
    for (const [unit, size] of STEPS) {
      if (Math.abs(value) < size) {
        el.textContent = rtf.format(Math.round(value), unit);
        break;
      }
      value /= size;
    }
  }
}
