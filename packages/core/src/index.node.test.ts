import { describe, expect, it } from 'vitest';

describe('entry points', () => {
  it('the Node entry signs with node:crypto by default', async () => {
    const core = await import('./index.node.js');
    expect(core.getDefaultHmac().name).toBe('node-crypto');
    expect(core.nodeHmac.name).toBe('node-crypto');
  });

  it('both entries export the same API', async () => {
    const web = Object.keys(await import('./index.js')).sort();
    const node = Object.keys(await import('./index.node.js')).filter((k) => k !== 'nodeHmac').sort();
    expect(node).toEqual(web);
  });
});
