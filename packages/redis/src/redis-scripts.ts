// Compare-and-set in one round trip: a claim is settled only by the token that made it.
// A completed id holds "c:<token>", so its maker can still release it.

/** Marks an id completed (for ARGV[2] ms) if ARGV[1] holds it, or nobody does. */
export const COMPLETE_SCRIPT = `
local held = redis.call('GET', KEYS[1])
if held == false or held == ARGV[1] then
  return redis.call('SET', KEYS[1], 'c:' .. ARGV[1], 'PX', ARGV[2])
end
return false`;

/** Deletes an id if ARGV[1] holds it, in flight or completed. */
export const RELEASE_SCRIPT = `
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] or held == 'c:' .. ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;
