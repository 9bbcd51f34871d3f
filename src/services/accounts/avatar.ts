// Generated avatars: a symmetric 5×5 pattern in a colour, both derived from a hash of the user
// id, with the first letter of the display name. Made here as SVG; no third-party service and
// no upload, so an avatar says nothing a profile does not already say.
import { createHash } from 'node:crypto';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function avatarSvg(userId: string, displayName: string, size = 96): string {
  const digest = createHash('sha256').update(`avatar:${userId}`).digest();
  const hue = ((digest[0]! << 8) | digest[1]!) % 360;
  // Saturation and lightness chosen so white text keeps 4.5:1 contrast on every hue.
  const fill = `hsl(${hue} 55% 34%)`;
  const tint = `hsl(${hue} 45% 44%)`;
  const cells: string[] = [];
  const cell = size / 5;
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 3; col++) {
      if ((digest[2 + row * 3 + col]! & 1) === 0) continue;
      for (const x of col === 2 ? [2] : [col, 4 - col]) {
        cells.push(`<rect x="${x * cell}" y="${row * cell}" width="${cell}" height="${cell}"/>`);
      }
    }
  }
  const letter = [...(displayName.normalize('NFKC').trim() || '?')][0]!.toLocaleUpperCase();
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="${escape(displayName)}">` +
    `<rect width="${size}" height="${size}" fill="${fill}"/>` +
    `<g fill="${tint}">${cells.join('')}</g>` +
    `<text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="system-ui, sans-serif" font-size="${Math.round(size * 0.46)}" font-weight="600" fill="#ffffff">${escape(letter)}</text>` +
    `</svg>`
  );
}
