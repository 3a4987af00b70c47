#!/usr/bin/env node
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { runPrimary } from './cluster/cluster-primary.js';
import { loadConfig } from './config.js';
import { createContext, createLogger } from './context.js';
import { AppError, ConfigError } from './lib/errors.js';
import { startServer, stopOnSignals } from './main.js';
import { seedDemo } from './modules/demo/seed-demo.js';
import { TemplateError } from './modules/integrations/check-template.js';
import { describeTemplateFile } from './modules/integrations/load-templates.js';
import { createAdmin, ensureFirstAdmin } from './modules/users/create-admin.js';

const USAGE = `usage: leadrail <command>

  start [--workers N]           run the server (migrates first); N app processes under a
                                cluster primary (default WORKERS, 1 = this process alone)
  migrate                       apply database migrations and exit
  create-admin --email E --password P [--name N]
                                add an admin user
  seed-demo [--clicks N] [--seed S]
                                fill a believable demo network (advertisers, offers, publishers, flows)
                                and 30 days of traffic (default 2000 clicks; 0 for none; clicks past
                                4000 are bulk rows for load tests)
  check-template FILE [--public-url URL]
                                check a network integration template file (INTEGRATION_TEMPLATES_DIR)
                                and print its postback URL and sample postbacks
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  // Checks a file only: no configuration, no database.
  if (command === 'check-template') return checkTemplateFile(rest);
  const config = loadConfig();
  switch (command) {
    case 'start': {
      const workers = workersOf(rest, config.workers);
      if (workers > 1 && cluster.isPrimary) {
        // Migrate and create the first admin once, before N workers would race to.
        const ctx = await createContext(config);
        try {
          await ensureFirstAdmin(ctx);
        } finally {
          await ctx.close();
        }
        return runPrimary(workers, createLogger(config).child({ role: 'primary' }));
      }
      const workerId = process.env.LEADRAIL_WORKER_ID;
      const logger = workerId ? createLogger(config).child({ worker: Number(workerId) }) : undefined;
      const server = await startServer(config, { logger });
      stopOnSignals(server);
      return -1;
    }
    case 'migrate': {
      const ctx = await createContext(config);
      await ctx.close();
      process.stdout.write('migrations applied\n');
      return 0;
    }
    case 'create-admin': {
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
      });
      if (!values.email || !values.password) {
        process.stderr.write('create-admin needs --email and --password\n');
        return 1;
      }
      const ctx = await createContext(config);
      try {
        const admin = await createAdmin(ctx, {
          email: values.email,
          password: values.password,
          name: values.name,
        });
        process.stdout.write(`admin ${admin.email} created (id ${admin.id})\n`);
      } finally {
        await ctx.close();
      }
      return 0;
    }
    case 'seed-demo': {
      const { values } = parseArgs({
        args: rest,
        options: { clicks: { type: 'string' }, seed: { type: 'string' } },
      });
      const clicks = values.clicks === undefined ? undefined : Number(values.clicks);
      const seed = values.seed === undefined ? undefined : Number(values.seed);
      if (
        (clicks !== undefined && !Number.isSafeInteger(clicks)) ||
        (clicks ?? 0) < 0 ||
        (seed !== undefined && !Number.isSafeInteger(seed))
      ) {
        process.stderr.write('seed-demo: --clicks and --seed take whole numbers\n');
        return 1;
      }
      const ctx = await createContext(config, { logger: createLogger({ logLevel: 'warn' }) });
      try {
        const summary = await seedDemo(ctx, { clicks, seed });
        process.stdout.write(`${summary}\n`);
      } finally {
        await ctx.close();
      }
      return 0;
    }
    default:
      process.stderr.write(`unknown command "${command}"\n${USAGE}`);
      return 1;
  }
}

/** `--workers N` (or WORKERS): how many app processes `start` runs. */
function workersOf(args: string[], fallback: number): number {
  const { values } = parseArgs({ args, options: { workers: { type: 'string' } } });
  if (values.workers === undefined) return fallback;
  const n = Number(values.workers);
  if (!/^\d+$/.test(values.workers) || n < 1 || n > 64) {
    throw new ConfigError('--workers', `must be a whole number from 1 to 64, got "${values.workers}"`);
  }
  return n;
}

function checkTemplateFile(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { 'public-url': { type: 'string' } },
    allowPositionals: true,
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    process.stderr.write('check-template needs one template file\n');
    return 1;
  }
  const publicUrl = values['public-url'] ?? process.env.PUBLIC_URL ?? 'https://leadrail.example';
  try {
    process.stdout.write(describeTemplateFile(file, publicUrl));
    return 0;
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    process.stderr.write(`leadrail: ${file}: ${error.message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`leadrail: configuration error: ${error.message}\n`);
    } else if (error instanceof AppError) {
      process.stderr.write(`leadrail: ${error.message}\n`);
    } else {
      process.stderr.write(
        `leadrail: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exitCode = 1;
  },
);
