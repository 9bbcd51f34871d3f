// A command called the wrong way (unknown option, missing argument): `parley` prints the
// message and exits with status 2. Each command's own usage errors extend this one, so the
// entry point can tell them apart without loading every command's code.
export class CliUsageError extends Error {}
