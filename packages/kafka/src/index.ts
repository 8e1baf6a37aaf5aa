export { createKafkaTransport, type KafkaTransport } from './kafka-transport.js';
export { DEFAULT_KAFKA_RETRY, type KafkaConnectionOptions, type KafkaTransportOptions } from './kafka-transport-options.js';
export { ensureKafkaTopics, type EnsureKafkaTopicsOptions } from './ensure-kafka-topics.js';
export { withDeadLetterTopic } from './with-dead-letter-topic.js';
export { replayDeadLetters, type DeadLetter, type ReplayDeadLettersOptions } from './replay-dead-letters.js';
export {
  DEFAULT_RETRY_TIERS_MS,
  kafkaTopicNames,
  type KafkaTopicNames,
  type RetryTier,
  type TopicNameOptions,
} from './topic-names.js';
export { KAFKA_HEADERS } from './job-message.js';
