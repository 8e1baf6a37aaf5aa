import { Option } from 'commander';

/**
 * `-s, --secret`, also read from `WEBHOOK_SECRET` so it stays out of shell history.
 *
 * @example
 * command.addOption(secretOption());
 */
export function secretOption(): Option {
  return new Option('-s, --secret <secret>', 'the endpoint secret (better: the WEBHOOK_SECRET environment variable)').env('WEBHOOK_SECRET');
}

/**
 * `--endpoint <name>`: the secret, scheme (and URL) of an endpoint in the config file.
 *
 * @example
 * command.addOption(endpointOption());
 */
export function endpointOption(): Option {
  return new Option('-e, --endpoint <name>', 'take the secret and scheme of this endpoint from webhooks.config');
}

/**
 * `--scheme`: `hmac-sha256` or `standard-webhooks`, and `auto` where requests are read.
 *
 * @example
 * command.addOption(schemeOption(['auto', 'hmac-sha256', 'standard-webhooks']));
 */
export function schemeOption(choices: readonly string[], defaultValue?: string): Option {
  const option = new Option('--scheme <scheme>', 'signature scheme').choices(choices);
  return defaultValue === undefined ? option : option.default(defaultValue);
}

/**
 * `--json`: machine-readable output on stdout.
 *
 * @example
 * command.addOption(jsonOption());
 */
export function jsonOption(): Option {
  return new Option('--json', 'print JSON instead of text');
}
