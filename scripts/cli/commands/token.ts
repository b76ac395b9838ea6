import { Option, type Command } from 'commander';
import { ROLES, type Role } from '../../../server/auth/roles.ts';
import { TokenStore } from '../../../server/auth/tokens.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError } from '../main.ts';

interface TokenCliOptions {
  data: string;
  json?: boolean;
}

function withTokenStore<T>(data: string, work: (tokens: TokenStore) => T): T {
  const tokens = new TokenStore(data);
  try {
    return work(tokens);
  } finally {
    tokens.close();
  }
}

/** `sway token create|list|revoke`: API tokens, kept as SHA-256 hashes in <data>/tokens.sqlite. */
export function registerToken(program: Command): void {
  const token = program
    .command('token')
    .description('Manage API tokens for `sway serve` (stored only as hashes under --data).');

  token
    .command('create')
    .description('Create a token and print it once (it cannot be shown again).')
    .addOption(
      new Option('--role <role>', 'viewer reads; analyst also runs plans and scoring; admin also imports and erases')
        .choices(ROLES)
        .makeOptionMandatory(),
    )
    .option('--name <name>', 'what the token is for, shown by `sway token list`')
    .option('--data <dir>', 'folder of the embedded store and the token file', './data')
    .option('--json', 'print the token as JSON')
    .action((options: TokenCliOptions & { role: Role; name?: string }) => {
      const created = withTokenStore(options.data, (tokens) =>
        tokens.create({ role: options.role, name: options.name }),
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(created)}\n`);
        return;
      }
      process.stdout.write(
        `Created ${created.role} token "${created.name}" (id ${created.tokenId}). Keep it secret; it is shown only now:\n${created.token}\n` +
          `Use it as "Authorization: Bearer <token>" or paste it into the app's sign-in.\n`,
      );
    });

  token
    .command('list')
    .description('List tokens (ids, names, roles; never the secrets).')
    .option('--data <dir>', 'folder of the embedded store and the token file', './data')
    .option('--json', 'print JSON')
    .action((options: TokenCliOptions) => {
      const list = withTokenStore(options.data, (tokens) => tokens.list());
      if (options.json) {
        process.stdout.write(`${JSON.stringify(list)}\n`);
        return;
      }
      if (list.length === 0)
        process.stdout.write('No tokens. Create one with `sway token create --role viewer|analyst|admin`.\n');
      for (const t of list) {
        process.stdout.write(
          `${t.tokenId}  ${t.role.padEnd(7)}  ${t.revokedAt ? `revoked ${t.revokedAt}` : `created ${t.createdAt}`}  ${t.name}\n`,
        );
      }
    });

  token
    .command('revoke')
    .description('Revoke a token by its id (see `sway token list`); requests with it get 401 from then on.')
    .argument('<id>', 'the token id')
    .option('--data <dir>', 'folder of the embedded store and the token file', './data')
    .action((id: string, options: TokenCliOptions) => {
      if (!withTokenStore(options.data, (tokens) => tokens.revoke(id)))
        throw new CliError(`no active token with id "${id}"`, EXIT.notFound);
      process.stdout.write(`Revoked token ${id}.\n`);
    });
}
