/** Default retry tiers: a retry goes to the smallest tier at least as long as its delay. */
export const DEFAULT_RETRY_TIERS_MS: readonly number[] = Object.freeze([5_000, 30_000, 120_000, 600_000, 3_600_000]);

/** Where topic names come from; every field has a default derived from `prefix`. */
export interface TopicNameOptions {
  /** Prefix of every topic name. Default `webhooks`. */
  prefix?: string;
  /** Retry tiers in ms, ascending. Default 5 s, 30 s, 2 min, 10 min, 1 h. */
  retryTiers?: readonly number[];
  /** Override single names: `deliveries` (default `<prefix>.deliveries`), `deadLetter` (default `<prefix>.dead`). */
  topics?: { deliveries?: string; deadLetter?: string };
}

/** One retry topic and the longest delay it holds. */
export interface RetryTier {
  topic: string;
  delayMs: number;
}

/** The topics a Kafka transport uses. */
export interface KafkaTopicNames {
  deliveries: string;
  /** Ascending by delay. */
  retries: readonly RetryTier[];
  deadLetter: string;
  /** Every topic above, deliveries first. */
  all: readonly string[];
}

/**
 * The topic names for a prefix: `<prefix>.deliveries`, `<prefix>.retry.<tier>` per
 * retry tier (e.g. `webhooks.retry.30s`), and `<prefix>.dead`.
 *
 * @example
 * kafkaTopicNames({ prefix: 'shop' }).retries[0].topic // 'shop.retry.5s'
 */
export function kafkaTopicNames(options: TopicNameOptions = {}): KafkaTopicNames {
  const prefix = options.prefix ?? 'webhooks';
  const tiers = [...(options.retryTiers ?? DEFAULT_RETRY_TIERS_MS)].sort((a, b) => a - b);
  const deliveries = options.topics?.deliveries ?? `${prefix}.deliveries`;
  const deadLetter = options.topics?.deadLetter ?? `${prefix}.dead`;
  const retries = tiers.map((delayMs) => ({ topic: `${prefix}.retry.${formatDelay(delayMs)}`, delayMs }));
  return { deliveries, retries, deadLetter, all: [deliveries, ...retries.map((r) => r.topic), deadLetter] };
}

/** The smallest tier whose delay is at least `delayMs`; the longest tier for longer delays. */
export function pickRetryTier(tiers: readonly RetryTier[], delayMs: number): RetryTier {
  return tiers.find((tier) => tier.delayMs >= delayMs) ?? tiers[tiers.length - 1]!;
}

/** `5000` → `5s`, `120000` → `2m`, `3600000` → `1h`, `1500` → `1500ms`: short and stable. */
export function formatDelay(ms: number): string {
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
