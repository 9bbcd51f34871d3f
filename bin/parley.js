#!/usr/bin/env node
// Entry point of `npx parley` and `npm start`: runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
