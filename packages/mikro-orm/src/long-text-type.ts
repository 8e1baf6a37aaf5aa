import { TextType, type EntityProperty, type Platform } from '@mikro-orm/core';
import { dialectOf } from './dialect.js';

/** `text`, except `longtext` on MySQL and MariaDB, whose `text` stops at 64 KiB: bodies can be larger. */
export class LongTextType extends TextType {
  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return dialectOf(platform) === 'mysql' ? 'longtext' : super.getColumnType(prop, platform);
  }
}
