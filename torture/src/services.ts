/** A database server's address and credentials; `TORTURE_<NAME>_HOST` (and `_PORT`, `_USER`, `_PASSWORD`) override them. */
function server(name: string, defaults: { port: number; user: string; adminDatabase: string }) {
  const env = (key: string) => process.env[`TORTURE_${name}_${key}`];
  return {
    host: env('HOST') ?? '127.0.0.1',
    port: Number(env('PORT') ?? defaults.port),
    user: env('USER') ?? defaults.user,
    password: env('PASSWORD') ?? '',
    /** Where CREATE DATABASE is run from. */
    adminDatabase: defaults.adminDatabase,
  };
}

/** Where the services live: the CI machine's defaults, overridable through the environment. */
export const SERVICES = {
  postgres: server('PG', { port: 5432, user: 'postgres', adminDatabase: 'postgres' }),
  mariadb: server('MARIADB', { port: 3306, user: 'root', adminDatabase: 'test' }),
  /** `KAFKA_BROKERS`, comma-separated; default the local broker. */
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',').map((b) => b.trim()).filter(Boolean),
} as const;
