// The `parley` command line.
// Each command's code is loaded when that command runs: `parley import` does not load the web
// server, and the server does not load the importers' command line (measured: loading every
// command's modules up front took 120 MB of memory before any work began).
import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-usage.js';
import { ConfigError, loadConfig } from './config.js';
import { isAppError } from './domain/errors.js';
import { ROLES, type Role } from './domain/types.js';

async function help(): Promise<string> {
  const [{ PUBLISH_HELP }, { IMPORT_EXPORT_HELP }, { EMBED_HELP }, { MODERATION_HELP }, { ACCOUNTS_HELP }] = await Promise.all([
    import('./publishing/cli.js'),
    import('./services/imports/cli.js'),
    import('./http/embed/cli.js'),
    import('./services/moderation/cli.js'),
    import('./services/accounts/cli.js'),
  ]);
  return `Usage: parley <command> [options]

Commands:
  serve                 Start the server (migrates, seeds the demo on an empty database)
  migrate               Bring the database schema up to date and exit
  user create           Create an account
      --email EMAIL --username NAME --password PASSWORD
      [--display-name NAME] [--site SLUG] [--role commenter|staff|moderator|admin] [--operator]
${PUBLISH_HELP}
${IMPORT_EXPORT_HELP}
${EMBED_HELP}
${MODERATION_HELP}
${ACCOUNTS_HELP}
  help                  Show this help

Configuration comes from the environment (see README): PORT, DATA_DIR, DATABASE_URL,
PUBLIC_URL, PARLEY_ADMIN_EMAIL, PARLEY_ADMIN_PASSWORD, LOG_LEVEL, ...
`;
}

async function serve(): Promise<void> {
  const config = loadConfig();
  const [{ ensureClientBuild }, { createParley }] = await Promise.all([import('./http/assets.js'), import('./app.js')]);
  if (config.PARLEY_ADMIN_PASSWORD && config.PARLEY_ADMIN_PASSWORD.length < 10) {
    console.warn('parley: PARLEY_ADMIN_PASSWORD is shorter than 10 characters; choose a longer one for anything but a local try-out.');
  }
  await ensureClientBuild();
  const parley = await createParley(config);
  const { bootstrap } = parley;
  await parley.app.listen({ port: config.PORT, host: config.HOST });
  const where = config.database.kind === 'sqlite' ? `SQLite at ${config.database.file}` : 'PostgreSQL';
  console.log(`Parley is serving on http://localhost:${config.PORT} (${where})`);
  if (bootstrap.seeded) console.log('Seeded the demo publication.');
  if (bootstrap.generatedPassword) {
    console.log(`\nAn admin account was created: ${bootstrap.adminEmail} / ${bootstrap.generatedPassword}`);
    console.log('This password is shown once. Set PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD to choose your own.\n');
  }
  const stop = async (signal: string) => {
    console.log(`${signal} received, shutting down`);
    await parley.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

async function migrate(): Promise<void> {
  const config = loadConfig();
  const { connect, migrateToLatest } = await import('./store/connect.js');
  const connection = connect(config.database);
  try {
    const { applied } = await migrateToLatest(connection.db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
  } finally {
    await connection.close();
  }
}

async function userCreate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'display-name': { type: 'string' },
      site: { type: 'string' },
      role: { type: 'string', default: 'commenter' },
      operator: { type: 'boolean', default: false },
    },
  });
  const missing = (['email', 'username', 'password'] as const).filter((k) => !values[k]);
  if (missing.length) throw new UsageError(`user create: missing ${missing.map((m) => `--${m}`).join(', ')}`);
  if (!ROLES.includes(values.role as Role)) throw new UsageError(`user create: --role must be one of ${ROLES.join(', ')}`);
  if (values.password!.length < 10) throw new UsageError('user create: --password must be at least 10 characters');
  const config = loadConfig();
  const [{ connect, migrateToLatest }, { KyselyStore }, { signUp }, { createUlidGenerator, systemClock }, { createMemoryBus }] = await Promise.all([
    import('./store/connect.js'),
    import('./store/kysely-store.js'),
    import('./services/accounts/signUp.js'),
    import('./domain/ids.js'),
    import('./realtime/bus.js'),
  ]);
  const connection = connect(config.database);
  try {
    await migrateToLatest(connection.db);
    const store = new KyselyStore(connection.db, connection.dialect);
    const deps = { store, clock: systemClock, newId: createUlidGenerator(), events: createMemoryBus() };
    const site = values.site ? await store.getSiteBySlug({ slug: values.site }) : (await store.listSites())[0];
    if (values.site && !site) throw new UsageError(`user create: no site "${values.site}"`);
    const user = await signUp(deps, {
      site: site ?? null,
      email: values.email!,
      username: values.username!,
      displayName: values['display-name'],
      password: values.password!,
      isOperator: values.operator,
      trusted: values.operator || values.role !== 'commenter', // Staff names may carry role words
    });
    if (site && values.role !== 'commenter') await store.setRole({ siteId: site.id, userId: user.id, role: values.role as Role, createdAt: new Date().toISOString() });
    console.log(`Created ${user.username} (${user.email})${site ? ` as ${values.role} of ${site.slug}` : ''}.`);
  } finally {
    await connection.close();
  }
}

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        await serve();
        return -1; // keep running
      case 'migrate':
        await migrate();
        return 0;
      case 'user':
        if (sub === 'create') {
          await userCreate(rest);
          return 0;
        }
        throw new UsageError(`unknown command: user ${sub ?? ''}`.trim());
      case 'import':
        return await (await import('./services/imports/cli.js')).runImportCommand(argv.slice(1));
      case 'export':
        return await (await import('./services/imports/cli.js')).runExportCommand(argv.slice(1));
      case 'publish':
        return await (await import('./publishing/cli.js')).runPublishCommand(argv.slice(1));
      case 'moderation':
        return await (await import('./services/moderation/cli.js')).runModerationCommand([sub ?? '', ...rest]);
      case 'accounts':
        return await (await import('./services/accounts/cli.js')).runAccountsCommand(argv.slice(1));
      case 'embed':
        return await (await import('./http/embed/cli.js')).runEmbedCommand(argv.slice(1));
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(await help());
        return 0;
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (err) {
    if (err instanceof CliUsageError) {
      console.error(`parley: ${err.message}`);
      return 2;
    }
    if (err instanceof UsageError || err instanceof ConfigError) {
      console.error(`parley: ${err.message}`);
      if (err instanceof UsageError) console.error("Run 'parley --help' for usage.");
      return 2;
    }
    if (isAppError(err)) {
      console.error(`parley: ${err.message}${err.fields ? ` (${err.fields.map((f) => `${f.field}: ${f.message}`).join('; ')})` : ''}`);
      return 1;
    }
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`parley: ${(err as Error).message}`);
      return 2;
    }
    throw err;
  }
}
