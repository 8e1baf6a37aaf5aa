import type { Platform } from '@mikro-orm/core';

/** The SQL family of a MikroORM platform; what decides how the outbox is claimed. */
export type Dialect = 'sqlite' | 'postgres' | 'mysql' | 'mssql' | 'other';

/** Reads the platform's class chain (`MariaDbPlatform` extends `MySqlPlatform`), the same on MikroORM 6 and 7. */
export function dialectOf(platform: Platform): Dialect {
  for (let proto = Object.getPrototypeOf(platform); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const name = String(proto.constructor?.name).toLowerCase();
    if (name.includes('sqlite') || name.includes('libsql')) return 'sqlite';
    if (name.includes('postgre')) return 'postgres';
    if (name.includes('mysql') || name.includes('mariadb')) return 'mysql';
    if (name.includes('mssql')) return 'mssql';
  }
  return 'other';
}
