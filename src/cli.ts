#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { createContext, createLogger } from './context.js';
import { AppError, ConfigError } from './lib/errors.js';
import { startServer, stopOnSignals } from './main.js';
import { seedDemo } from './modules/demo/seed-demo.js';
import { TemplateError } from './modules/integrations/check-template.js';
import { describeTemplateFile } from './modules/integrations/load-templates.js';
import { createAdmin } from './modules/users/create-admin.js';

const USAGE = `usage: leadrail <command>

  start                         run the server (migrates first)
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
      const server = await startServer(config);
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
