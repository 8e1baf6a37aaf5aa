import { describe, expect, it } from 'vitest';
import type { Reception } from '../receiver/reception.js';
import { computeVerdict } from './compute-verdict.js';
import { deliveryKey, expectedDeliveries } from './expected.js';

const items = [
  { id: '1', tag: 'ta', flagged: false },
  { id: '2', tag: 'tb', flagged: true },
];
let at = 0;
const reception = (endpoint: string, eventName: string, objectId: string, tag: string, eventId: string, attempt = 1, life = 's0l0'): Reception => ({
  endpoint, eventName, objectId, tag, eventId, attempt, life, deliveryId: `dlv_${eventId}_${endpoint}`, at: at++,
});
const allReceived = () => [
  reception('alpha', 'item.created', '1', 'ta', 'e1'),
  reception('beta', 'item.created', '1', 'ta', 'e1'),
  reception('alpha', 'item.created', '2', 'tb', 'e2'),
  reception('beta', 'item.created', '2', 'tb', 'e2'),
  reception('alpha', 'item.flagged', '2', 'tb', 'e3'),
  reception('beta', 'item.flagged', '2', 'tb', 'e3'),
];

describe('computeVerdict', () => {
  it('expects item.created per row and item.flagged per flagged row, on both endpoints', () => {
    expect(expectedDeliveries(items).size).toBe(6);
  });

  it('passes when every expected delivery was answered 2xx once', () => {
    const verdict = computeVerdict(expectedDeliveries(items), allReceived(), new Set());
    expect(verdict).toMatchObject({ expected: 6, received: 6, lost: [], dead: [], phantom: [], duplicates: 0 });
  });

  it('counts a delivery never answered 2xx as lost, or as dead when the log says so', () => {
    const received = allReceived().filter((r) => !(r.eventName === 'item.flagged'));
    const dead = new Set([deliveryKey({ endpoint: 'beta', eventName: 'item.flagged', objectId: '2', tag: 'tb' })]);
    const verdict = computeVerdict(expectedDeliveries(items), received, dead);
    expect(verdict.lost.map((d) => d.endpoint)).toEqual(['alpha']);
    expect(verdict.dead.map((d) => d.endpoint)).toEqual(['beta']);
  });

  it('counts a delivery for a row that is not committed as phantom, even when a committed row reuses its id', () => {
    const rolledBack = reception('alpha', 'item.created', '2', 'rolled-back-tag', 'e9');
    const verdict = computeVerdict(expectedDeliveries(items), [...allReceived(), rolledBack], new Set());
    expect(verdict.phantom).toEqual([rolledBack]);
    expect(verdict.lost).toEqual([]);
  });

  it('counts a second event id for the same write as phantom', () => {
    const second = reception('alpha', 'item.created', '1', 'ta', 'e-other');
    expect(computeVerdict(expectedDeliveries(items), [...allReceived(), second], new Set()).phantom).toEqual([second]);
  });

  it('counts extra 2xx answers of one endpoint and event id as duplicates, by kind', () => {
    const first = allReceived();
    const extra = [
      reception('alpha', 'item.created', '1', 'ta', 'e1', 1, 's0l1'),
      reception('beta', 'item.created', '1', 'ta', 'e1', 2, 's0l1'),
      reception('beta', 'item.created', '1', 'ta', 'e1', 1, 's0l0'),
    ];
    const verdict = computeVerdict(expectedDeliveries(items), [...extra, ...first], new Set());
    expect(verdict.duplicates).toBe(3);
    expect(verdict.duplicateKinds).toEqual({
      'same attempt, later process': 1,
      'later attempt after a 2xx': 1,
      'same attempt, same process': 1,
    });
    expect(verdict.received).toBe(6);
  });

  it('tells the duplicates a kill explains (their first 2xx came from a sender killed right after) from the others', () => {
    at = 10_000;
    const first = reception('alpha', 'item.created', '1', 'ta', 'e1', 1, 's0l1');
    const again = reception('alpha', 'item.created', '1', 'ta', 'e1', 1, 's0l2');
    const late = reception('beta', 'item.created', '1', 'ta', 'e1', 1, 's0l1');
    const lateAgain = reception('beta', 'item.created', '1', 'ta', 'e1', 1, 's0l2');
    // s0l1 died 500 ms after its first answer: explained. s0l3 was never killed: not explained.
    const notKilledFirst = reception('alpha', 'item.created', '2', 'tb', 'e2', 1, 's0l3');
    const notKilledAgain = reception('alpha', 'item.created', '2', 'tb', 'e2', 1, 's0l4');
    const killedAt = new Map([['s0l1', first.at + 500]]);
    const verdict = computeVerdict(expectedDeliveries(items), [first, late, again, lateAgain, notKilledFirst, notKilledAgain], new Set(), killedAt);
    expect(verdict.duplicates).toBe(3);
    expect(verdict.duplicatesInFlightAtKill).toBe(2);
  });
});
