/** The two endpoints every sender configures; the receiver checks each with its own secret. */
export const ENDPOINTS = [
  { name: 'alpha', secret: 'torture-alpha-secret' },
  { name: 'beta', secret: 'torture-beta-secret' },
] as const;

/** The model both endpoints name explicitly in `includeModels`. */
export const ITEM_MODEL = 'torture.Item';

/** Secret of an endpoint by name, for the receiver. */
export function endpointSecret(name: string): string | undefined {
  return ENDPOINTS.find((e) => e.name === name)?.secret;
}

/**
 * URL of an endpoint for one combination: `<receiver>/<run>/<endpoint>`. The receiver keeps
 * each run's receptions apart by the first path segment.
 *
 * @example
 * endpointUrl('http://127.0.0.1:4000', 'c3', 'alpha') // 'http://127.0.0.1:4000/c3/alpha'
 */
export function endpointUrl(receiverUrl: string, runId: string, endpoint: string): string {
  return `${receiverUrl}/${runId}/${endpoint}`;
}
