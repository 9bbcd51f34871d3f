// Runs once before the suite. Builds the browser bundle the server-rendered pages reference,
// so HTTP and browser tests see the same assets a user gets from `npm start`.
import { ensureClientBuild } from '../src/http/assets.js';

export default async function setup(): Promise<void> {
  await ensureClientBuild();
}
